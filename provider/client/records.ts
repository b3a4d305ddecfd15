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
  if (!isEncryptedItem(item)) return decodeItem(item, { vaultKey: null });
  requireMasterKey(c, `item ${item.id}`);
  const vaultKey = await vaultKeyOf(c, item.vaultId, item.vaultMasterKeyEncrypted);
  return decodeItem(item, { vaultKey });
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

async function encodeContext(c: PassworkClient, vaultId: string, itemId?: string): Promise<EncodeContext> {
  const vaultKey = await vaultKeyOf(c, vaultId);
  if (vaultKey === null) return { cse: false };
  if (itemId === undefined) return { cse: true, vaultKey };
  const current = await c.get(path`/items/${itemId}`, ItemSchema);
  return { cse: true, vaultKey, keyEncrypted: current.keyEncrypted };
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
 * The body of PATCH /items/{id}; under CSE the item key is kept (read from the current item). Forgets
 * what was read ahead: it is no longer what the server holds.
 */
export async function encodeChange(c: PassworkClient, id: string, write: RecordWrite): Promise<unknown> {
  written(c, id);
  const needsKey = write.password !== undefined || write.customs !== undefined;
  return encodeWrite(write, needsKey ? await encodeContext(c, write.vaultId, id) : { cse: false });
}

/** A write to this record through the client (move, remove): what was read ahead is stale. */
export function written(c: PassworkClient, id: string): void {
  forgetReadAhead(c, id);
}
