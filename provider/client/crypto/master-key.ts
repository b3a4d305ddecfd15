/**
 * The master key: PBKDF2-HMAC-SHA256 of the master password, with parameters from
 * GET /users/master-key/options ("pbkdf:sha256:<iterations>:<bytes>:<salt>"). Passwork's CLI and our
 * `passwork:masterKey` take the *derived* key (base64), not the password.
 */
import { createHash, pbkdf2 } from "node:crypto";
import { promisify } from "node:util";
import { CryptoError } from "./errors";

const pbkdf2Async = promisify(pbkdf2);
const FORMAT = '"pbkdf:sha256:<iterations>:<bytes>:<salt>"';
const MAX_ITERATIONS = 10_000_000;

export interface MasterKeyOptions {
  digest: "sha256";
  iterations: number;
  bytes: number;
  salt: string;
}

function reject(problem: string): never {
  throw new CryptoError("bad-input", `masterKeyOptions: ${problem}; expected ${FORMAT}`);
}

function positiveInteger(text: string | undefined, field: string, max: number): number {
  if (text === undefined || !/^[0-9]+$/.test(text)) reject(`${field} must be a positive integer`);
  const value = Number(text);
  if (value < 1 || value > max) reject(`${field} must be between 1 and ${max}`);
  return value;
}

export function parseMasterKeyOptions(options: string): MasterKeyOptions {
  if (typeof options !== "string") reject("must be a string");
  const parts = options.split(":");
  if (parts.length < 5) reject(`has ${parts.length} part(s), needs 5`);
  const [scheme, digest, iterations, bytes, ...saltParts] = parts;
  if (scheme !== "pbkdf") reject(`scheme must be "pbkdf"`);
  if (digest !== "sha256") reject(`digest must be "sha256" (the only one Passwork uses)`);
  const salt = saltParts.join(":");
  if (salt.length === 0) reject("salt must not be empty");
  return {
    digest: "sha256",
    iterations: positiveInteger(iterations, "iterations", MAX_ITERATIONS),
    bytes: positiveInteger(bytes, "bytes", 1024),
    salt,
  };
}

/** base64(PBKDF2-HMAC-SHA256(utf8(masterPassword), utf8(salt), iterations, bytes)). */
export async function deriveMasterKey(masterPassword: string, options: string): Promise<string> {
  const parsed = parseMasterKeyOptions(options);
  if (typeof masterPassword !== "string" || masterPassword.length === 0) {
    throw new CryptoError("bad-input", "master password must be a non-empty string");
  }
  const key = await pbkdf2Async(
    Buffer.from(masterPassword, "utf8"),
    Buffer.from(parsed.salt, "utf8"),
    parsed.iterations,
    parsed.bytes,
    parsed.digest,
  );
  return key.toString("base64");
}

/** sha256 hex of the master key string: the `X-Master-Key-Hash` header and a new user's `masterKeyHash`. */
export function masterKeyHash(masterKey: string): string {
  return createHash("sha256").update(masterKey, "utf8").digest("hex");
}
