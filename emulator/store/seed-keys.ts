/**
 * Key material for the seeded administrator under client-side encryption, made the way Passwork's
 * clients make it, so every client (the vendor's too) can unlock it with the printed master key:
 * master key = base64(PBKDF2-SHA256(master password, salt)); RSA-2048 pair; the private key PEM
 * encrypted with the master key in Passwork's AES passphrase format (OpenSSL "Salted__",
 * EVP_BytesToKey-MD5, AES-256-CBC, base64, then Passwork's base32 alphabet).
 * The emulator never decrypts anything; this only writes what a real admin's client would have stored.
 */
import {
  createCipheriv,
  createHash,
  generateKeyPairSync,
  pbkdf2Sync,
  randomBytes,
  randomInt,
} from "node:crypto";

const KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@!";
const B32 = "0123456789abcdefghjkmnpqrtuvwxyz";

export function randomSalt(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += KEY_CHARS[randomInt(KEY_CHARS.length)];
  return out;
}

/** 5 bits per character, most significant first, no padding. */
function base32(bytes: Buffer): string {
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(acc << (5 - bits)) & 31];
  return out;
}

/** Passwork's AES passphrase format (see the file comment). */
export function passworkAesEncrypt(plain: string, passphrase: string): string {
  const salt = randomBytes(8);
  const pass = Buffer.from(passphrase, "utf8");
  let derived = Buffer.alloc(0);
  let prev = Buffer.alloc(0);
  while (derived.length < 48) {
    prev = createHash("md5")
      .update(Buffer.concat([prev, pass, salt]))
      .digest();
    derived = Buffer.concat([derived, prev]);
  }
  const cipher = createCipheriv("aes-256-cbc", derived.subarray(0, 32), derived.subarray(32, 48));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const b64 = Buffer.concat([Buffer.from("Salted__"), salt, body]).toString("base64");
  return base32(Buffer.from(b64, "ascii"));
}

export interface SeedKeyMaterial {
  masterPassword: string;
  /** The derived key, as `passwork-cli --master-key` / PASSWORK_MASTER_KEY take it. */
  masterKey: string;
  masterKeyOptions: string;
  keys: { public: string; privateEncrypted: string };
}

/** Iterations of the vendor's default (300 000) would cost every CSE emulator start ~0.2 s more. */
const SEED_ITERATIONS = 10_000;
let cached: SeedKeyMaterial | null = null;

/** One key set per process: RSA generation is slow, and tests start many emulators. */
export function seedKeyMaterial(): SeedKeyMaterial {
  if (cached) return cached;
  const masterPassword = randomSalt(24);
  const salt = randomSalt(20);
  const masterKey = pbkdf2Sync(masterPassword, salt, SEED_ITERATIONS, 64, "sha256").toString("base64");
  const pair = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  cached = {
    masterPassword,
    masterKey,
    masterKeyOptions: `pbkdf:sha256:${SEED_ITERATIONS}:64:${salt}`,
    keys: { public: pair.publicKey, privateEncrypted: passworkAesEncrypt(pair.privateKey, masterKey) },
  };
  return cached;
}
