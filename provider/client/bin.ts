/** The bin (our contract, schemas/bin.ts): deleted items, folders and vaults, restorable. */
import type { PassworkClient } from "./core";
import { path } from "./path";
import { BinEntrySchema, type BinEntry } from "../../protocol/bin";
import { IdResponseSchema, listOf } from "../../protocol/common";

export async function list(c: PassworkClient, vaultId?: string): Promise<BinEntry[]> {
  return (await c.get(path`/bin`, listOf(BinEntrySchema), { vaultId })).items;
}

/** → the restored object's id. */
export async function restore(c: PassworkClient, binItemId: string): Promise<string> {
  return (await c.post(path`/bin/${binItemId}/restore`, {}, IdResponseSchema)).id;
}
