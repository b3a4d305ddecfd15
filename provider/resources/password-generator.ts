/**
 * Crypto-random password generation for `generatePassword`. Runs in create/update only (never in
 * check, which runs at every preview), and again only when `rotation` changes.
 */
import { randomInt } from "node:crypto";

export interface GeneratorSpec {
  length: number;
  lowercase: boolean;
  uppercase: boolean;
  digits: boolean;
  symbols: boolean;
}

export const DEFAULT_GENERATOR: GeneratorSpec = {
  length: 32,
  lowercase: true,
  uppercase: true,
  digits: true,
  symbols: true,
};
export const MIN_LENGTH = 8;
export const MAX_LENGTH = 256;

const CLASSES = {
  lowercase: "abcdefghijklmnopqrstuvwxyz",
  uppercase: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  digits: "0123456789",
  // No quotes, backslash or space: values end up in shells via `passwork-cli exec`.
  symbols: "!#%+-.:=?@^_~",
} as const;

/**
 * Bits of randomness of a password made by `generatePassword(spec)`: length × log2(alphabet), less the
 * little that "at least one of every class" takes away (a lower bound: the first character of each
 * class is drawn from that class alone).
 */
export function entropyBits(spec: GeneratorSpec): number {
  const pools = (Object.keys(CLASSES) as (keyof typeof CLASSES)[])
    .filter((k) => spec[k])
    .map((k) => CLASSES[k].length);
  if (pools.length === 0) return 0;
  const all = pools.reduce((a, b) => a + b, 0);
  const free = Math.max(0, spec.length - pools.length);
  return free * Math.log2(all) + pools.reduce((bits, n) => bits + Math.log2(n), 0);
}

/** A password with at least one character of every enabled class, uniformly shuffled. */
export function generatePassword(spec: GeneratorSpec): string {
  const pools = (Object.keys(CLASSES) as (keyof typeof CLASSES)[])
    .filter((k) => spec[k])
    .map((k) => CLASSES[k]);
  if (pools.length === 0) throw new Error("generatePassword needs at least one character class");
  if (spec.length < MIN_LENGTH || spec.length > MAX_LENGTH)
    throw new Error(`generatePassword.length must be ${MIN_LENGTH}..${MAX_LENGTH}`);
  const all = pools.join("");
  const chars = pools.map((p) => p[randomInt(p.length)]!);
  while (chars.length < spec.length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
