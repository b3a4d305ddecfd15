/** Vault types (reference/passwork-api.md §4.3). The list is cached per client. */
import { memo } from "./cache";
import { coalescedGet } from "./coalesce";
import type { PassworkClient } from "./core";
import { path } from "./path";
import { listOf } from "../../protocol/common";
import { VaultTypeAdministratorSchema, VaultTypeSchema, type VaultType } from "../../protocol/vaults";

export function list(c: PassworkClient): Promise<VaultType[]> {
  return memo(
    c,
    "vaultTypes",
    async () => (await c.get(path`/vault-types/all`, listOf(VaultTypeSchema))).items,
  );
}

/**
 * Users who receive every new vault of this type (their public keys wrap the vault key under CSE). In
 * the product they are administrators of every vault of the type and cannot be removed or demoted.
 */
export async function administrators(c: PassworkClient, typeId: string) {
  return (await c.get(path`/vault-types/${typeId}/administrators`, listOf(VaultTypeAdministratorSchema)))
    .items;
}

/**
 * Like `administrators`, remembered for the process and coalesced (the review asks it beside the grant
 * reads, so it rides in their /batch call).
 */
export function administratorsCached(c: PassworkClient, typeId: string) {
  return memo(c, `vaultTypeAdministrators:${typeId}`, async () => {
    const list = await coalescedGet(
      c,
      path`/vault-types/${typeId}/administrators`,
      listOf(VaultTypeAdministratorSchema),
    );
    return list.items;
  });
}
