/**
 * The records service under items.ts: plaintext records over Passwork's wire items. It decodes and
 * encodes through codec.ts for both encryption modes (detected from the vault / item data, keys from
 * key-context.ts), sends a provider `read` through the coalescer (coalesce.ts) and the read-ahead
 * (read-ahead.ts), and tells the read-ahead when a record is written.
 */
import { settle, type BatchResult } from "./batch";
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
import { requireMasterKey, vaultKeyOf } from "./key-context";
import { API_PREFIX, path } from "./path";
import { forgetReadAhead, noteRecordRead, takeReadAhead } from "./read-ahead";
import { ItemSchema, type Item } from "../../protocol/items";

/** The plaintext record of a wire item (the vault key is unwrapped once per client). */
export async function decode(c: PassworkClient, item: Item): Promise<RecordData> {
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
 * Custom fields of types we do not model (made by people), as this client last read them, with their
 * positions: a customs write (which replaces the list) re-sends them in place, with no extra GET when
 * this process has read the item.
 */
type Kept = { index: number; entry: { name: string; type: string; value: string } }[];
const unmodelledKey = (id: string) => `unmodelledCustoms:${id}`;
function wireCopies(kept: NonNullable<Item["customs"]>, item: Item): Kept {
  const all = item.customs ?? [];
  return kept.map((x) => ({ index: all.indexOf(x), entry: { name: x.name, type: x.type, value: x.value } }));
}

/**
 * An item for a provider `read`: read ahead already, or coalesced with other reads of the same moment
 * into one /batch. With `where` (its vault and folder as last known) a refresh reads ahead.
 */
export function readItem(
  c: PassworkClient,
  id: string,
  where?: { vaultId: string; folderId?: string | null | undefined },
): Promise<Item> {
  const ahead = takeReadAhead(c, id);
  if (where) noteRecordRead(c, id, where);
  return ahead ?? coalescedGet(c, path`/items/${id}`, ItemSchema);
}

/** /batch answers for `ids` → records; a missing item maps to its NotFoundError, other failures throw. */
export async function decodeBatch(
  c: PassworkClient,
  ids: readonly string[],
  results: readonly BatchResult[],
): Promise<Map<string, RecordData | NotFoundError>> {
  const out = new Map<string, RecordData | NotFoundError>();
  for (const [i, r] of results.entries()) {
    const settled = settle(r, ItemSchema);
    if (settled.ok) out.set(ids[i] as string, await decode(c, settled.value));
    else if (settled.error instanceof NotFoundError) out.set(ids[i] as string, settled.error);
    else throw settled.error;
  }
  return out;
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

/** The body of POST /items; a record needs a name (checked here, as the server would). */
export async function encodeNew(c: PassworkClient, write: RecordWrite): Promise<unknown> {
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
  return encodeWrite(write, await encodeContext(c, write.vaultId));
}

/**
 * The body of PATCH /items/{id}; under CSE the item key is kept (read from the current item). A customs
 * write replaces the list, so fields of types we do not model go back to their old positions (an
 * unchanged list is byte-identical). Forgets what was read ahead: it is no longer what the server holds.
 * Call `sent()` once the PATCH succeeded.
 */
export async function encodeChange(
  c: PassworkClient,
  id: string,
  write: RecordWrite,
): Promise<{ body: unknown; sent(): void }> {
  written(c, id);
  const needsKey = write.password !== undefined || write.customs !== undefined;
  const seen = c.cache.get(unmodelledKey(id)) as Kept | undefined;
  const cse = needsKey && (await vaultKeyOf(c, write.vaultId)) !== null;
  const current =
    write.customs !== undefined && (seen === undefined || cse)
      ? await c.get(path`/items/${id}`, ItemSchema)
      : undefined;
  const body = encodeWrite(
    write,
    needsKey ? await encodeContext(c, write.vaultId, id, current) : { cse: false },
  );
  if (!body.customs) return { body, sent: () => undefined };
  let kept = seen ?? [];
  if (current) {
    const vaultKey = isEncryptedItem(current)
      ? await vaultKeyOf(c, current.vaultId, current.vaultMasterKeyEncrypted)
      : null;
    kept = wireCopies(unmodelledWireCustoms(current, { vaultKey }), current);
  }
  const merged = [...body.customs];
  const landed: Kept = [];
  for (const k of kept) {
    const at = Math.min(k.index, merged.length);
    merged.splice(at, 0, k.entry);
    landed.push({ index: at, entry: k.entry });
  }
  body.customs = merged;
  return { body, sent: () => void c.cache.set(unmodelledKey(id), landed) };
}

/** A write to this record through the client (move, remove): what was read ahead is stale. */
export function written(c: PassworkClient, id: string): void {
  forgetReadAhead(c, id);
}
