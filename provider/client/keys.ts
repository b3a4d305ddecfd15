/** Key material endpoints (reference/passwork-api.md §4.2). */
import { memo } from "./cache";
import type { PassworkClient } from "./core";
import { path } from "./path";
import { MasterKeyOptionsSchema, PublicKeySchema, UserKeysSchema } from "../../protocol/keys";

/** The caller's RSA key pair (private key encrypted with the master key); cached per client. */
export function mine(c: PassworkClient) {
  return memo(c, "keys:mine", () => c.get(path`/users/keys`, UserKeysSchema));
}

export async function masterKeyOptions(c: PassworkClient): Promise<string> {
  return (await c.get(path`/users/master-key/options`, MasterKeyOptionsSchema)).masterKeyOptions;
}

export async function publicKeyOf(c: PassworkClient, userId: string): Promise<string> {
  return (await c.get(path`/users/${userId}/public-key`, PublicKeySchema)).publicKey;
}
