/** Vaults (reference/passwork-api.md §4.4). */
import { forget, memo } from "./cache";
import { coalescedGet } from "./coalesce";
import type { PassworkClient } from "./core";
import { rememberVaultKey, unlockedKeyChain } from "./key-context";
import { mine } from "./keys";
import { path } from "./path";
import { BinItemResponseSchema, EmptyResponseSchema, IdResponseSchema, listOf } from "../../protocol/common";
import { VaultSchema, type Vault, type VaultCreateParams } from "../../protocol/vaults";
import { administrators } from "./vault-types";

export async function list(c: PassworkClient): Promise<Vault[]> {
  return (await c.get(path`/vaults`, listOf(VaultSchema))).items;
}

export function get(c: PassworkClient, id: string): Promise<Vault> {
  return c.get(path`/vaults/${id}`, VaultSchema);
}

/**
 * Like `get`, but coalesced and remembered for the process (the access guards need the vault's name for
 * every grant in it). A rename or remove through this client forgets it.
 */
export function getCached(c: PassworkClient, id: string): Promise<Vault> {
  return memo(c, `vault:${id}`, () => coalescedGet(c, path`/vaults/${id}`, VaultSchema));
}

/**
 * Creates a vault → id. With a master key configured the vault is client-side encrypted: a fresh
 * vault key is wrapped for the caller and for every administrator of the vault type.
 */
export async function create(
  c: PassworkClient,
  input: { name: string; typeId?: string | undefined },
): Promise<string> {
  const body: VaultCreateParams = { name: input.name };
  if (input.typeId) body.typeId = input.typeId;
  let vaultKey: string | null = null;
  if (c.hasMasterKey) {
    const chain = await unlockedKeyChain(c, "a new vault");
    const admins = input.typeId ? await administrators(c, input.typeId) : [];
    const withKeys = admins.flatMap((a) => (a.publicKey ? [{ id: a.id, publicKey: a.publicKey }] : []));
    const material = chain.newVaultKeyMaterial((await mine(c)).keys.public, withKeys);
    Object.assign(body, {
      masterKeyEncrypted: material.masterKeyEncrypted,
      masterKeyHash: material.masterKeyHash,
      salt: material.salt,
      administratorsKeys: material.administratorsKeys,
    });
    vaultKey = material.vaultKey;
  }
  const { id } = await c.post(path`/vaults`, body, IdResponseSchema);
  rememberVaultKey(c, id, vaultKey);
  return id;
}

export async function rename(c: PassworkClient, id: string, name: string): Promise<void> {
  forget(c, `vault:${id}`);
  await c.post(path`/vaults/${id}`, { name }, EmptyResponseSchema);
  forget(c, `vault:${id}`);
}

/** → the bin entry id. */
export async function remove(c: PassworkClient, id: string): Promise<string> {
  forget(c, `vault:${id}`);
  const binItemId = (await c.delete(path`/vaults/${id}`, BinItemResponseSchema)).binItemId;
  forget(c, `vault:${id}`);
  return binItemId;
}
