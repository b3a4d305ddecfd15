/**
 * Read-ahead of records during a refresh. The engine asks for one record at a time and keeps at most
 * `--parallel` reads waiting (8 on a 2-core machine), so coalescing alone puts ≤ 8 GETs in a /batch.
 * Once a process has read two records of a vault, it lists the vault's items once (`/items/search`,
 * summaries: ids and folders, no secrets) and queues the other records of the folders this process
 * has read — Folder resources, and folders of records already read — as fillers (coalesce.ts
 * `fillGet`): they ride along in the /batch calls the real reads send anyway, up to 25 per call,
 * and the engine's next reads find them already fetched. The request count can only go down.
 *
 * What it reads beyond the stack's own records: records that sit in a folder the stack manages but that
 * the stack does not declare (they are fetched and discarded; Passwork may log them as viewed).
 * `passwork:refreshReadAhead false` turns it off. A fetched record is used at most once and only within
 * READ_AHEAD_TTL_MS of its response; any write to it through this client forgets it.
 */
import { fillGet, promoteFill, queuedFillCount } from "./coalesce";
import type { PassworkClient } from "./core";
import { path } from "./path";
import { BATCH_MAX_REQUESTS } from "../../protocol/batch";
import { ItemSchema, type Item, type ItemSummary } from "../../protocol/items";
import * as search from "./search";

export const READ_AHEAD_TTL_MS = 30_000;

/** A folder key: the folder id, or "" for the vault root. */
type FolderKey = string;

interface Fetched {
  result: Promise<Item>;
  /** When the response arrived (undefined while queued or in flight). */
  settledAt: number | undefined;
}

interface VaultState {
  recordReads: number;
  /** Item ids by folder, once listed; undefined before, null when the listing failed. */
  listing: Map<FolderKey, string[]> | undefined | null;
  listingStarted: boolean;
  /** Folders whose records this process reads ahead. */
  folders: Set<FolderKey>;
}

interface State {
  vaults: Map<string, VaultState>;
  /** Ids read for real or queued ahead: never queued twice. */
  touched: Set<string>;
  fetched: Map<string, Fetched>;
}

const states = new WeakMap<PassworkClient, State>();

function stateOf(c: PassworkClient): State {
  let s = states.get(c);
  if (!s) {
    s = { vaults: new Map(), touched: new Set(), fetched: new Map() };
    states.set(c, s);
  }
  return s;
}

function vaultOf(s: State, vaultId: string): VaultState {
  let v = s.vaults.get(vaultId);
  if (!v) {
    v = { recordReads: 0, listing: undefined, listingStarted: false, folders: new Set() };
    s.vaults.set(vaultId, v);
  }
  return v;
}

const folderKey = (folderId: string | null | undefined): FolderKey => folderId ?? "";

/**
 * The item as read ahead, if it was and is still fresh; the entry is used up. A queued filler is
 * promoted to a real read so the caller never waits for a batch that might not come.
 */
export function takeReadAhead(c: PassworkClient, id: string): Promise<Item> | undefined {
  const s = states.get(c);
  const hit = s?.fetched.get(id);
  if (!s || !hit) return undefined;
  s.fetched.delete(id);
  if (hit.settledAt !== undefined && Date.now() - hit.settledAt > READ_AHEAD_TTL_MS) return undefined;
  promoteFill(c, path`/items/${id}`);
  return hit.result;
}

/** A folder this process read as a Folder resource: its records are worth reading ahead. */
export function noteFolderRead(c: PassworkClient, vaultId: string, folderId: string): void {
  if (c.readAhead) vaultOf(stateOf(c), vaultId).folders.add(folderKey(folderId));
}

/** A record read for real: may start the vault listing and queue more fillers. */
export function noteRecordRead(
  c: PassworkClient,
  id: string,
  where: { vaultId: string; folderId?: string | null | undefined },
): void {
  if (!c.readAhead) return;
  const s = stateOf(c);
  s.touched.add(id);
  const v = vaultOf(s, where.vaultId);
  v.folders.add(folderKey(where.folderId));
  v.recordReads++;
  // A lone read (Record.get, import) lists nothing; the second read of a vault means a refresh.
  if (v.recordReads >= 2 && !v.listingStarted) {
    v.listingStarted = true;
    search.items(c, { vaultIds: [where.vaultId] }).then(
      (items) => {
        v.listing = byFolder(items);
        queueFillers(c, s, v, where.folderId);
      },
      () => {
        v.listing = null; // no read-ahead for this vault; the reads themselves are unaffected
      },
    );
  }
  queueFillers(c, s, v, where.folderId);
}

function byFolder(items: ItemSummary[]): Map<FolderKey, string[]> {
  const out = new Map<FolderKey, string[]>();
  for (const item of items) {
    const key = folderKey(item.folderId);
    const list = out.get(key) ?? [];
    list.push(item.id);
    out.set(key, list);
  }
  return out;
}

/** Tops the filler queue up to one batch: the current folder first, then the other folders read. */
function queueFillers(c: PassworkClient, s: State, v: VaultState, current: string | null | undefined): void {
  const listing = v.listing;
  if (!listing) return;
  // Copies nobody asked for (records the stack does not manage) are dropped once stale.
  const now = Date.now();
  for (const [id, entry] of s.fetched)
    if (entry.settledAt !== undefined && now - entry.settledAt > READ_AHEAD_TTL_MS) s.fetched.delete(id);
  let room = BATCH_MAX_REQUESTS - queuedFillCount(c);
  const order = [folderKey(current), ...[...v.folders].filter((f) => f !== folderKey(current))];
  for (const folder of order) {
    for (const id of listing.get(folder) ?? []) {
      if (room <= 0) return;
      if (s.touched.has(id)) continue;
      s.touched.add(id);
      const entry: Fetched = { result: fillGet(c, path`/items/${id}`, ItemSchema), settledAt: undefined };
      entry.result.then(
        () => (entry.settledAt = Date.now()),
        () => (entry.settledAt = Date.now()), // the real read gets the same error when it asks
      );
      s.fetched.set(id, entry);
      room--;
    }
  }
}

/** A write to this item through the client: what was read ahead is no longer what the server holds. */
export function forgetReadAhead(c: PassworkClient, id: string): void {
  states.get(c)?.fetched.delete(id);
}
