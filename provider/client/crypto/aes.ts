/**
 * Passwork's symmetric cipher: CryptoJS/OpenSSL "passphrase" mode. A random 8-byte salt and the
 * passphrase go through EVP_BytesToKey (MD5, one round) to give an AES-256 key and a CBC IV; the
 * blob `Salted__ ‖ salt ‖ ciphertext` is base64-encoded, and that base64 *text* is then re-encoded
 * with Passwork's base32. Passphrases (master key, vault key, item key) are strings used as UTF-8.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { base32Decode, base32Encode } from "./base32";
import { CryptoError } from "./errors";

const MAGIC = Buffer.from("Salted__", "latin1");
const SALT_BYTES = 8;
const KEY_BYTES = 32;
const IV_BYTES = 16;
const BLOCK_BYTES = 16;
/** base32 of base64("Salted__"): every Passwork ciphertext starts with it. */
export const PASSWORK_CIPHERTEXT_PREFIX = "amt4cwv48xb6pp1h";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

/** OpenSSL EVP_BytesToKey with MD5 and one iteration: D_i = MD5(D_{i-1} ‖ pass ‖ salt). */
export function evpBytesToKey(passphrase: Buffer, salt: Buffer): { key: Buffer; iv: Buffer } {
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  let total = 0;
  while (total < KEY_BYTES + IV_BYTES) {
    previous = createHash("md5").update(previous).update(passphrase).update(salt).digest();
    blocks.push(previous);
    total += previous.length;
  }
  const material = Buffer.concat(blocks);
  return { key: material.subarray(0, KEY_BYTES), iv: material.subarray(KEY_BYTES, KEY_BYTES + IV_BYTES) };
}

function requirePassphrase(passphrase: unknown): Buffer {
  if (typeof passphrase !== "string" || passphrase.length === 0) {
    throw new CryptoError(
      "bad-input",
      "AES passphrase must be a non-empty string (a master, vault or item key)",
    );
  }
  return Buffer.from(passphrase, "utf8");
}

export function isPassworkCiphertext(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(PASSWORK_CIPHERTEXT_PREFIX);
}

export function encryptString(plain: string, passphrase: string): string {
  if (typeof plain !== "string") throw new CryptoError("bad-input", "AES plaintext must be a string");
  const salt = randomBytes(SALT_BYTES);
  const { key, iv } = evpBytesToKey(requirePassphrase(passphrase), salt);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const openssl = Buffer.concat([MAGIC, salt, body]).toString("base64");
  return base32Encode(Buffer.from(openssl, "ascii"));
}

/**
 * @param label what the ciphertext is ("item password", "vault key" ...), used in error messages only.
 */
export function decryptString(cipherText: string, passphrase: string, label = "ciphertext"): string {
  const pass = requirePassphrase(passphrase);
  if (!isPassworkCiphertext(cipherText)) {
    throw new CryptoError(
      "bad-input",
      `${label} is not Passwork ciphertext (expected it to start with "${PASSWORK_CIPHERTEXT_PREFIX}")`,
    );
  }
  const base64 = base32Decode(cipherText).toString("latin1");
  if (!BASE64.test(base64) || base64.length % 4 !== 0) {
    throw new CryptoError(
      "decrypt-failed",
      `${label} is damaged: its base32 does not hold valid base64 (truncated or edited?)`,
    );
  }
  const blob = Buffer.from(base64, "base64");
  const bodyLength = blob.length - MAGIC.length - SALT_BYTES;
  if (
    !blob.subarray(0, MAGIC.length).equals(MAGIC) ||
    bodyLength < BLOCK_BYTES ||
    bodyLength % BLOCK_BYTES !== 0
  ) {
    throw new CryptoError(
      "decrypt-failed",
      `${label} is damaged: not a whole number of AES blocks after the "Salted__" header (truncated?)`,
    );
  }
  const salt = blob.subarray(MAGIC.length, MAGIC.length + SALT_BYTES);
  const { key, iv } = evpBytesToKey(pass, salt);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, iv);
    plain = Buffer.concat([decipher.update(blob.subarray(MAGIC.length + SALT_BYTES)), decipher.final()]);
  } catch {
    throw new CryptoError(
      "decrypt-failed",
      `${label} could not be decrypted: wrong key or damaged ciphertext (bad padding)`,
    );
  }
  try {
    // A wrong key passes the padding check about once in 256 tries; its output is then not UTF-8.
    return utf8Strict.decode(plain);
  } catch {
    throw new CryptoError(
      "decrypt-failed",
      `${label} could not be decrypted: wrong key (the result is not UTF-8 text)`,
    );
  }
}
