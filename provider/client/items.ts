/**
 * Items ("records"), plaintext in and out: `get`/`getMany` decode through codec.ts and `create`/
 * `update` encode through it, for both encryption modes (detected from the vault / item data).
 */
import type { z } from "zod";
import { getAll, settle } from "./batch";
import { coalescedGet } from "./coalesce";
import {
  decodeItem,
  encodeWrite,
  isEncryptedItem,
  unmodelledWireCustoms,
  type EncodeContext,
  type RecordData,
  type RecordWrite,
} from "./codec";
import type { PassworkClient } from "./core";
import { NotFoundError, ValidationError } from "./errors";
import { forgetReadAhead, noteRecordRead, takeReadAhead } from "./read-ahead";
import { requireMasterKey, vaultKeyOf } from "./key-context";
import { API_PREFIX, path } from "./path";
import { BinItemResponseSchema, EmptyResponseSchema, IdResponseSchema, listOf } from "../../protocol/common";
import {
  ItemSchema,
  ItemSummarySchema,
  SnapshotSummarySchema,
  type Item,
  type ItemSummary,
} from "../../protocol/items";

async function decode(c: PassworkClient, item: Item): Promise<RecordData> {
  let vaultKey: string | null = null;
  if (isEncryptedItem(item)) {
    requireMasterKey(c, `item ${item.id}`);
    vaultKey = await vaultKeyOf(c, item.vaultId, item.vaultMasterKeyEncrypted);
  }
  const record = decodeItem(item, { vaultKey });
  c.cache.set(
    unmodelledKey(item.id),
    record.otherCustoms?.length ? wireCopies(unmodelledWireCustoms(item, { vaultKey }), item) : [],
  );
  return record;
}

/**
 * Custom fields of types we do not model, as this client last read them: a customs write (which
 * replaces the list) re-sends them in place, with no extra GET when this process has read the item.
 */
type Kept = { index: number; entry: { name: string; type: string; value: string } }[];
const unmodelledKey = (id: string) => `unmodelledCustoms:${id}`;
function wireCopies(kept: NonNullable<Item["customs"]>, item: Item): Kept {
  const all = item.customs ?? [];
  return kept.map((x) => ({ index: all.indexOf(x), entry: { name: x.name, type: x.type, value: x.value } }));
}

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
  const ahead = takeReadAhead(c, id);
  if (where) noteRecordRead(c, id, where);
  return decode(c, await (ahead ?? coalescedGet(c, path`/items/${id}`, ItemSchema)));
}

/** Many items through /batch (≤ 25 per call); a missing item maps to its NotFoundError, other failures throw. */
export async function getMany(
  c: PassworkClient,
  ids: readonly string[],
): Promise<Map<string, RecordData | NotFoundError>> {
  const unique = [...new Set(ids)];
  const results = await getAll(
    c,
    unique.map((id) => path`/items/${id}`),
  );
  const out = new Map<string, RecordData | NotFoundError>();
  for (const [i, r] of results.entries()) {
    const settled = settle(r, ItemSchema);
    if (settled.ok) out.set(unique[i] as string, await decode(c, settled.value));
    else if (settled.error instanceof NotFoundError) out.set(unique[i] as string, settled.error);
    else throw settled.error;
  }
  return out;
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

async function encodeContext(
  c: PassworkClient,
  vaultId: string,
  itemId?: string,
  current?: Item,
): Promise<EncodeContext> {
  const vaultKey = await vaultKeyOf(c, vaultId);
  if (vaultKey === null) return { cse: false };
  if (itemId === undefined) return { cse: true, vaultKey };
  const cur = current ?? (await c.get(path`/items/${itemId}`, ItemSchema));
  return { cse: true, vaultKey, keyEncrypted: cur.keyEncrypted };
}

export async function create(c: PassworkClient, write: RecordWrite): Promise<string> {
  if (!write.name)
    throw new ValidationError({
      status: 400,
      method: "POST",
      path: `${API_PREFIX}/items`,
      pathTemplate: `${API_PREFIX}/items`,
      apiCode: "validationError",
      field: "name",
      serverMessage: "a record needs a name",
    });
  const body = encodeWrite(write, await encodeContext(c, write.vaultId));
  return (await c.post(path`/items`, body, IdResponseSchema)).id;
}

/** PATCH: fields left out stay; `tags` and `customs` replace the whole list. Under CSE the item key is kept. */
export async function update(c: PassworkClient, id: string, write: RecordWrite): Promise<void> {
  forgetReadAhead(c, id);
  const needsKey = write.password !== undefined || write.customs !== undefined;
  // A customs write replaces the list: fields of types we do not model (made by people) are re-sent as
  // they are. Known from this process's last read of the item, or read now (CSE reads it anyway).
  const seen = c.cache.get(unmodelledKey(id)) as Kept | undefined;
  const cse = needsKey && (await vaultKeyOf(c, write.vaultId)) !== null;
  const current =
    write.customs !== undefined && (seen === undefined || cse)
      ? await c.get(path`/items/${id}`, ItemSchema)
      : undefined;
  const ctx: EncodeContext = needsKey ? await encodeContext(c, write.vaultId, id, current) : { cse: false };
  const body = encodeWrite(write, ctx);
  if (body.customs) {
    let kept = seen ?? [];
    if (current) {
      const vaultKey = isEncryptedItem(current)
        ? await vaultKeyOf(c, current.vaultId, current.vaultMasterKeyEncrypted)
        : null;
      kept = wireCopies(unmodelledWireCustoms(current, { vaultKey }), current);
    }
    // Each kept field goes back to its old position, so an unchanged list is byte-identical.
    const merged = [...body.customs];
    const landed: Kept = [];
    for (const k of kept) {
      const at = Math.min(k.index, merged.length);
      merged.splice(at, 0, k.entry);
      landed.push({ index: at, entry: k.entry });
    }
    body.customs = merged;
    await c.patch(path`/items/${id}`, body, EmptyResponseSchema);
    c.cache.set(unmodelledKey(id), landed);
    return;
  }
  await c.patch(path`/items/${id}`, body, EmptyResponseSchema);
}

export async function move(
  c: PassworkClient,
  id: string,
  to: { vaultId: string; folderId: string | null },
): Promise<void> {
  forgetReadAhead(c, id);
  await c.post(path`/items/${id}/move`, { vaultId: to.vaultId, folderId: to.folderId }, EmptyResponseSchema);
}

export async function remove(c: PassworkClient, id: string): Promise<string> {
  forgetReadAhead(c, id);
  return (await c.delete(path`/items/${id}`, BinItemResponseSchema)).binItemId;
}

export async function snapshots(
  c: PassworkClient,
  id: string,
): Promise<z.infer<typeof SnapshotSummarySchema>[]> {
  return (await c.get(path`/items/${id}/snapshots`, listOf(SnapshotSummarySchema))).items;
}
