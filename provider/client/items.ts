/**
 * Items ("records"), plaintext in and out: decoding, encoding, coalesced reads and read-ahead are the
 * records service's (records.ts); each endpoint here is the request itself.
 */
import type { z } from "zod";
import { getAll } from "./batch";
import type { RecordData, RecordWrite } from "./codec";
import type { PassworkClient } from "./core";
import type { NotFoundError } from "./errors";
import { path } from "./path";
import { decode, decodeBatch, encodeChange, encodeNew, readItem, written } from "./records";
import { BinItemResponseSchema, EmptyResponseSchema, IdResponseSchema, listOf } from "../../protocol/common";
import { ItemSchema, ItemSummarySchema, SnapshotSummarySchema, type ItemSummary } from "../../protocol/items";

export async function get(c: PassworkClient, id: string): Promise<RecordData> {
  return decode(c, await c.get(path`/items/${id}`, ItemSchema));
}

/**
 * Like `get`, but coalesced with other reads of the same moment into one /batch (provider `read`).
 * With `where` (the record's vault and folder as last known), a refresh also reads ahead: see read-ahead.ts.
 */
export async function read(
  c: PassworkClient,
  id: string,
  where?: { vaultId: string; folderId?: string | null | undefined },
): Promise<RecordData> {
  return decode(c, await readItem(c, id, where));
}

/** Many items through /batch (≤ 25 per call); a missing item maps to its NotFoundError, other failures throw. */
export async function getMany(
  c: PassworkClient,
  ids: readonly string[],
): Promise<Map<string, RecordData | NotFoundError>> {
  const unique = [...new Set(ids)];
  return decodeBatch(
    c,
    unique,
    await getAll(
      c,
      unique.map((id) => path`/items/${id}`),
    ),
  );
}

export async function list(
  c: PassworkClient,
  filter: { vaultId: string; folderId?: string | null | undefined },
): Promise<ItemSummary[]> {
  const query = filter.folderId
    ? { vaultId: filter.vaultId, folderId: filter.folderId }
    : { vaultId: filter.vaultId };
  return (await c.get(path`/items`, listOf(ItemSummarySchema), query)).items;
}

export async function create(c: PassworkClient, write: RecordWrite): Promise<string> {
  return (await c.post(path`/items`, await encodeNew(c, write), IdResponseSchema)).id;
}

/** PATCH: fields left out stay; `tags` and `customs` replace the whole list. Under CSE the item key is kept. */
export async function update(c: PassworkClient, id: string, write: RecordWrite): Promise<void> {
  const change = await encodeChange(c, id, write);
  await c.patch(path`/items/${id}`, change.body, EmptyResponseSchema);
  change.sent();
}

export async function move(
  c: PassworkClient,
  id: string,
  to: { vaultId: string; folderId: string | null },
): Promise<void> {
  written(c, id);
  await c.post(path`/items/${id}/move`, { vaultId: to.vaultId, folderId: to.folderId }, EmptyResponseSchema);
}

export async function remove(c: PassworkClient, id: string): Promise<string> {
  written(c, id);
  return (await c.delete(path`/items/${id}`, BinItemResponseSchema)).binItemId;
}

export async function snapshots(
  c: PassworkClient,
  id: string,
): Promise<z.infer<typeof SnapshotSummarySchema>[]> {
  return (await c.get(path`/items/${id}/snapshots`, listOf(SnapshotSummarySchema))).items;
}
