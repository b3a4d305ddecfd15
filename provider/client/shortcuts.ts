/**
 * Shortcuts: a record shown in another vault or folder (the same record, not a copy).
 *
 * Under client-side encryption the shortcut carries the record's item key wrapped for the target vault
 * (`keyEncrypted` = AES(item key, target vault key)), as the official client's `create_shortcut` does, so
 * whoever reads the target vault can open the record through the shortcut.
 */
import { getAll, settle } from "./batch";
import { coalescedGet } from "./coalesce";
import { decodeItem, isEncryptedItem, type RecordData } from "./codec";
import type { PassworkClient } from "./core";
import { decryptString, encryptString } from "./crypto/aes";
import { CryptoError } from "./crypto/errors";
import { itemKeyOf, requireMasterKey, vaultKeyOf } from "./key-context";
import { path } from "./path";
import { BinItemResponseSchema, IdResponseSchema, listOf } from "../../protocol/common";
import { ItemSchema, type Item } from "../../protocol/items";
import { ShortcutSchema, type Shortcut } from "../../protocol/sharing";

export interface ShortcutPlace {
  recordId: string;
  vaultId: string;
  folderId: string | null;
}

/** The `keyEncrypted` of a new shortcut: the record's item key under the target vault's key (null without CSE). */
export async function wrappedKeyFor(
  c: PassworkClient,
  item: Item,
  targetVaultId: string,
): Promise<string | null> {
  const itemKey = await itemKeyOf(c, item);
  if (itemKey === null) return null;
  const target = await vaultKeyOf(c, targetVaultId);
  if (target === null) {
    requireMasterKey(c, `vault ${targetVaultId}`);
    throw new CryptoError(
      "unsupported-data",
      `record ${item.id} is client-side encrypted but vault ${targetVaultId} is not: a shortcut cannot carry its key there`,
    );
  }
  return encryptString(itemKey, target);
}

/** POST /api/v1/shortcuts → the new shortcut's id and the record's name (GET of the record first, for its key under CSE). */
export async function create(c: PassworkClient, at: ShortcutPlace): Promise<{ id: string; name: string }> {
  const item = await c.get(path`/items/${at.recordId}`, ItemSchema);
  const keyEncrypted = await wrappedKeyFor(c, item, at.vaultId);
  const body = { itemId: at.recordId, vaultId: at.vaultId, folderId: at.folderId, keyEncrypted };
  return { id: (await c.post(path`/shortcuts`, body, IdResponseSchema)).id, name: item.name };
}

/** GET /api/v1/shortcuts/{id}: the record's fields (top-level `id` is the record's) + `shortcut{…}`. 404 when the shortcut or its record is gone. */
export function get(c: PassworkClient, id: string): Promise<Shortcut> {
  return c.get(path`/shortcuts/${id}`, ShortcutSchema);
}

/** Many shortcuts through /batch, in the order asked; any failure (a missing one too) throws its typed error. */
export async function getMany(c: PassworkClient, ids: readonly string[]): Promise<Shortcut[]> {
  const results = await getAll(
    c,
    ids.map((id) => path`/shortcuts/${id}`),
  );
  return results.map((r) => {
    const settled = settle(r, ShortcutSchema);
    if (!settled.ok) throw settled.error;
    return settled.value;
  });
}

/** DELETE /api/v1/shortcuts/{id} → bin entry id (the record stays). */
export async function remove(c: PassworkClient, id: string): Promise<string> {
  return (await c.delete(path`/shortcuts/${id}`, BinItemResponseSchema)).binItemId;
}

/** Shortcuts living directly in a folder (or at a vault's root when `folderId` is null). */
export async function inPlace(
  c: PassworkClient,
  vaultId: string,
  folderId: string | null,
): Promise<Shortcut[]> {
  const query = folderId ? { folderIds: [folderId] } : { vaultIds: [vaultId] };
  const all = (await c.get(path`/shortcuts/search`, listOfShortcuts, query)).items;
  return all.filter((s) => s.shortcut.vaultId === vaultId && (s.shortcut.folderId ?? null) === folderId);
}

const listOfShortcuts = listOf(ShortcutSchema);

/**
 * The record behind a shortcut, decoded through the shortcut: under CSE with the item key the shortcut
 * carries for its own vault (so a reader of the shortcut's folder alone can open it), one GET.
 */
export async function readRecord(
  c: PassworkClient,
  id: string,
): Promise<{ shortcut: Shortcut; record: RecordData }> {
  const sc = await get(c, id);
  let itemKey: string | undefined;
  if (isEncryptedItem(sc)) {
    requireMasterKey(c, `shortcut ${id}`);
    const wrapped = sc.shortcut.keyEncrypted;
    const vaultKey = wrapped ? await vaultKeyOf(c, sc.shortcut.vaultId) : null;
    if (wrapped && vaultKey)
      itemKey = decryptString(wrapped, vaultKey, `shortcut ${id} keyEncrypted (item key)`);
    else itemKey = (await itemKeyOf(c, sc)) ?? undefined;
  }
  const record = decodeItem(sc, itemKey === undefined ? { vaultKey: null } : { vaultKey: null, itemKey });
  delete record.path;
  return { shortcut: sc, record };
}

/**
 * Every shortcut living in a vault (any folder), coalesced with the other GETs of the moment into one
 * /batch (the access review asks for it beside the grants, so it costs no round trip of its own).
 */
export async function inVault(c: PassworkClient, vaultId: string): Promise<Shortcut[]> {
  return (await coalescedGet(c, path`/shortcuts/search?vaultIds%5B%5D=${vaultId}`, listOfShortcuts)).items;
}
