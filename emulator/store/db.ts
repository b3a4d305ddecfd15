/**
 * The emulator's state: one Map per collection. Every write goes through put/del, which records the
 * change so the server can journal exactly what a request committed (persistence.ts) before answering.
 */
import type {
  AuditRec,
  BinRec,
  FolderRec,
  GroupRec,
  InboxRec,
  ItemRec,
  LinkRec,
  RoleRec,
  ShortcutRec,
  SnapshotRec,
  TokenRec,
  UserRec,
  VaultRec,
  VaultTypeRec,
} from "./model";

export interface CollectionTypes {
  roles: RoleRec;
  vaultTypes: VaultTypeRec;
  users: UserRec;
  groups: GroupRec;
  tokens: TokenRec;
  vaults: VaultRec;
  folders: FolderRec;
  items: ItemRec;
  snapshots: SnapshotRec;
  shortcuts: ShortcutRec;
  links: LinkRec;
  inbox: InboxRec;
  bin: BinRec;
  audit: AuditRec;
}
export type CollectionName = keyof CollectionTypes;
export const COLLECTIONS: readonly CollectionName[] = [
  "roles",
  "vaultTypes",
  "users",
  "groups",
  "tokens",
  "vaults",
  "folders",
  "items",
  "snapshots",
  "shortcuts",
  "links",
  "inbox",
  "bin",
  "audit",
];

/** One journaled change: [collection, id, record] (record null = deleted). */
export type Change = [CollectionName, string, unknown];

export type Tables = { [K in CollectionName]: Map<string, CollectionTypes[K]> };

function emptyTables(): Tables {
  const t = {} as Record<CollectionName, Map<string, unknown>>;
  for (const c of COLLECTIONS) t[c] = new Map();
  return t as Tables;
}

export class Db {
  t: Tables = emptyTables();
  private pending: Change[] = [];

  get<K extends CollectionName>(c: K, id: string): CollectionTypes[K] | undefined {
    return this.t[c].get(id);
  }

  all<K extends CollectionName>(c: K): IterableIterator<CollectionTypes[K]> {
    return this.t[c].values();
  }

  /** Records are replaced whole; callers never mutate a stored record in place. */
  put<K extends CollectionName>(c: K, rec: CollectionTypes[K] & { id: string }): void {
    this.t[c].set(rec.id, rec);
    this.pending.push([c, rec.id, rec]);
  }

  del(c: CollectionName, id: string): void {
    if (this.t[c].delete(id)) this.pending.push([c, id, null]);
  }

  /** Empties every collection (control reset); journaled as a marker by the caller. */
  clear(): void {
    this.t = emptyTables();
    this.pending = [];
  }

  /** The changes since the last call, serialized now (records may be replaced later). */
  takeChanges(): Change[] {
    const c = this.pending;
    this.pending = [];
    return c;
  }

  /** Replay path: apply without recording. */
  apply(changes: Change[]): void {
    for (const [c, id, rec] of changes) {
      const table = this.t[c] as Map<string, unknown> | undefined;
      if (!table) throw new Error(`unknown collection ${String(c)}`);
      if (rec === null) table.delete(id);
      else table.set(id, rec);
    }
  }

  dump(): Record<CollectionName, unknown[]> {
    const out = {} as Record<CollectionName, unknown[]>;
    for (const c of COLLECTIONS) out[c] = [...this.t[c].values()];
    return out;
  }

  load(dump: Record<string, unknown>): void {
    this.t = emptyTables();
    for (const c of COLLECTIONS) {
      const rows = dump[c];
      if (rows === undefined) continue;
      if (!Array.isArray(rows)) throw new Error(`collection ${c} is not an array`);
      const table = this.t[c] as Map<string, unknown>;
      for (const r of rows as { id: string }[]) table.set(r.id, r);
    }
    this.pending = [];
  }
}
