/** Vaults (reference/passwork-api.md §4.4). */
import { forget, memo } from "./cache";
import { coalescedGet } from "./coalesce";
import type { PassworkClient } from "./core";
import { newVaultKey, rememberVaultKey } from "./key-context";
import { path } from "./path";
import { BinItemResponseSchema, EmptyResponseSchema, IdResponseSchema, listOf } from "../../protocol/common";
import { VaultSchema, type Vault, type VaultCreateParams } from "../../protocol/vaults";

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

/** Creates a vault → id; client-side encrypted when a master key is configured (key-context.ts). */
export async function create(
  c: PassworkClient,
  input: { name: string; typeId?: string | undefined },
): Promise<string> {
  const body: VaultCreateParams = { name: input.name };
  if (input.typeId) body.typeId = input.typeId;
  const key = await newVaultKey(c, input.typeId);
  const { id } = await c.post(path`/vaults`, { ...body, ...key?.fields }, IdResponseSchema);
  rememberVaultKey(c, id, key?.vaultKey ?? null);
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
