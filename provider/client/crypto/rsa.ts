/**
 * RSA for vault keys. Real Passwork data is PKCS#1 v1.5; the current official client writes
 * OAEP-SHA256 (MGF1-SHA256). We decrypt both (OAEP first) and write OAEP-SHA256, falling back to
 * PKCS#1 v1.5 only for keys too small to hold the value under OAEP-SHA256 (see rsaEncryptString).
 *
 * Node >= 20 refuses PKCS#1 v1.5 in `privateDecrypt` (CVE-2023-46809, Marvin attack), so v1.5
 * decryption is done here with BigInt arithmetic on the key's JWK components. The timing concern
 * behind that refusal is about a server answering many attacker-chosen ciphertexts; here the client
 * decrypts its own vault keys once per vault and process.
 */
import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  privateDecrypt,
  publicEncrypt,
  type KeyObject,
} from "node:crypto";
import { promisify } from "node:util";
import { CryptoError } from "./errors";

const generateKeyPairAsync = promisify(generateKeyPair);
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

export function loadPrivateKey(pem: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== "rsa") throw new Error("not RSA");
    return key;
  } catch {
    throw new CryptoError(
      "bad-input",
      "private key is not a readable RSA private key PEM (PKCS#1 or PKCS#8)",
    );
  }
}

export function loadPublicKey(pem: string): KeyObject {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== "rsa") throw new Error("not RSA");
    return key;
  } catch {
    throw new CryptoError("bad-input", "public key is not a readable RSA public key PEM (SPKI or PKCS#1)");
  }
}

/** OAEP-SHA256 overhead: 2 hash lengths + 2 bytes. */
const OAEP_SHA256_OVERHEAD = 2 * 32 + 2;
/** PKCS#1 v1.5 overhead: 3 header bytes + at least 8 bytes of padding. */
const PKCS1_OVERHEAD = 11;

/**
 * base64 RSA of utf8(plain) — how vault keys are wrapped. OAEP-SHA256 when it fits; a 1024-bit key
 * (which real Passwork users have) holds at most 62 bytes under OAEP-SHA256, less than a 100-char
 * vault key, so there we fall back to PKCS#1 v1.5, the padding Passwork's own data uses.
 */
export function rsaEncryptString(publicKey: KeyObject | string, plain: string): string {
  const key = typeof publicKey === "string" ? loadPublicKey(publicKey) : publicKey;
  const data = Buffer.from(plain, "utf8");
  const modulusBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (data.length <= modulusBytes - OAEP_SHA256_OVERHEAD) {
    return publicEncrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      data,
    ).toString("base64");
  }
  if (data.length <= modulusBytes - PKCS1_OVERHEAD) {
    return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, data).toString("base64");
  }
  throw new CryptoError(
    "bad-input",
    `value of ${data.length} bytes is too long to RSA-encrypt with a ${modulusBytes * 8}-bit key`,
  );
}

export function rsaDecryptOaep(privateKey: KeyObject, cipher: Buffer): Buffer {
  return privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    cipher,
  );
}

function toBigInt(base64url: string | undefined): bigint {
  if (!base64url)
    throw new CryptoError("bad-input", "RSA private key lacks a component needed for decryption");
  const hex = Buffer.from(base64url, "base64url").toString("hex");
  return hex.length === 0 ? 0n : BigInt(`0x${hex}`);
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

function toFixedBytes(value: bigint, length: number): Buffer {
  const hex = value.toString(16).padStart(length * 2, "0");
  return Buffer.from(hex, "hex");
}

interface CrtKey {
  n: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
  byteLength: number;
}

const crtCache = new WeakMap<KeyObject, CrtKey>();

function crtKey(privateKey: KeyObject): CrtKey {
  const cached = crtCache.get(privateKey);
  if (cached) return cached;
  const jwk = privateKey.export({ format: "jwk" });
  const n = toBigInt(jwk.n);
  const key: CrtKey = {
    n,
    p: toBigInt(jwk.p),
    q: toBigInt(jwk.q),
    dp: toBigInt(jwk.dp),
    dq: toBigInt(jwk.dq),
    qi: toBigInt(jwk.qi),
    byteLength: Math.ceil(n.toString(16).length / 2),
  };
  crtCache.set(privateKey, key);
  return key;
}

/**
 * RSAES-PKCS1-v1_5 decryption (RFC 8017 §7.2.2): m = c^d mod n via CRT, then unpad the type-2 block
 * `00 02 PS(>=8 non-zero bytes) 00 M`. The unpadding walks the whole block with no early exit and
 * fails with one message whatever went wrong.
 */
export function rsaDecryptPkcs1v15(privateKey: KeyObject, cipher: Buffer): Buffer {
  const key = crtKey(privateKey);
  const fail = () =>
    new CryptoError(
      "decrypt-failed",
      "RSA PKCS#1 v1.5 decryption failed: wrong private key or damaged ciphertext",
    );
  if (cipher.length !== key.byteLength) throw fail();
  const c = BigInt(`0x${cipher.toString("hex")}`);
  if (c >= key.n) throw fail();
  const m1 = modPow(c, key.dp, key.p);
  const m2 = modPow(c, key.dq, key.q);
  const h = (((((m1 - m2) % key.p) + key.p) % key.p) * key.qi) % key.p;
  const block = toFixedBytes(m2 + h * key.q, key.byteLength);

  let good = (block[0] === 0x00 ? 1 : 0) & (block[1] === 0x02 ? 1 : 0);
  let separator = 0; // index of the first zero after the header, 0 while not found
  for (let i = 2; i < block.length; i++) {
    const isZero = block[i] === 0x00 ? 1 : 0;
    const first = isZero & (separator === 0 ? 1 : 0);
    separator = first ? i : separator;
  }
  good &= separator >= 10 ? 1 : 0; // PS is at least 8 bytes: 2 header bytes + 8 = index 10
  if (!good) throw fail();
  return block.subarray(separator + 1);
}

/**
 * Decrypt a base64 RSA blob (a wrapped vault key) to a UTF-8 string: OAEP-SHA256 first, then PKCS#1 v1.5.
 * @param label what is being decrypted, for error messages only.
 */
export function rsaDecryptString(
  privateKey: KeyObject,
  base64Cipher: string,
  label = "RSA ciphertext",
): string {
  if (typeof base64Cipher !== "string" || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64Cipher)) {
    throw new CryptoError("bad-input", `${label} is not base64 RSA ciphertext`);
  }
  const cipher = Buffer.from(base64Cipher, "base64");
  let plain: Buffer;
  try {
    plain = rsaDecryptOaep(privateKey, cipher);
  } catch {
    try {
      plain = rsaDecryptPkcs1v15(privateKey, cipher);
    } catch {
      throw new CryptoError(
        "decrypt-failed",
        `${label} could not be decrypted with your private key (tried RSA-OAEP-SHA256 and PKCS#1 v1.5): it was wrapped for another key or is damaged`,
      );
    }
  }
  try {
    return utf8Strict.decode(plain);
  } catch {
    throw new CryptoError("unsupported-data", `${label} decrypted, but the result is not UTF-8 text`);
  }
}

/** A new user key pair: 2048-bit RSA, public key as SPKI PEM, private key as PKCS#8 PEM. */
export async function generateRsaKeyPair(
  modulusLength = 2048,
): Promise<{ publicKey: string; privateKey: string }> {
  const { publicKey, privateKey } = await generateKeyPairAsync("rsa", {
    modulusLength,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKey, privateKey };
}
