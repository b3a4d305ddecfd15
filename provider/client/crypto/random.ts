/** Random key material in the character set Passwork's clients use (A–Z a–z 0–9 @ !). */
import { randomBytes } from "node:crypto";

export const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@!";
export const VAULT_KEY_LENGTH = 100;
export const ITEM_KEY_LENGTH = 100;
export const VAULT_SALT_LENGTH = 32;

/** Uniform over the alphabet: bytes at or above the largest multiple of its size are rejected (no modulo bias). */
export function randomString(length: number, alphabet: string = KEY_ALPHABET): string {
  if (!Number.isInteger(length) || length < 0) throw new RangeError("length must be a non-negative integer");
  if (alphabet.length < 2 || alphabet.length > 256)
    throw new RangeError("alphabet must have 2..256 characters");
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length - out.length + 8)) {
      if (byte >= limit) continue;
      out += alphabet.charAt(byte % alphabet.length);
      if (out.length === length) break;
    }
  }
  return out;
}

export const newVaultKey = (): string => randomString(VAULT_KEY_LENGTH);
export const newItemKey = (): string => randomString(ITEM_KEY_LENGTH);
export const newVaultSalt = (): string => randomString(VAULT_SALT_LENGTH);
