/**
 * What a vault holds on the server, keyed by tree path: used by adoption (which declared paths
 * already exist, values of `keep` fields, what the declaration does not mention) and by `export`.
 * Runs in the program / CLI process with the client; never in the provider.
 */
import {
  folders,
  items,
  vaults,
  type PassworkClient,
  type RecordData,
  type Vault,
} from "../../provider/client";
import { isObjectId } from "../../protocol/common";
import { FINGERPRINT_KEY_RECORD } from "../../provider/resources/fingerprint";

export interface InventoryFolder {
  id: string;
  name: string;
  path: string;
  parentPath: string;
}

export interface InventoryRecord {
  id: string;
  name: string;
  path: string;
  folderPath: string;
}

export interface Inventory {
  vault: Vault;
  /** Sorted by path (parents first). */
  folders: InventoryFolder[];
  records: InventoryRecord[];
}

/** The vault with this id, or the one vault with this name; undefined when there is none. */
export async function findVault(
  c: PassworkClient,
  ref: { id?: string | undefined; name: string },
): Promise<Vault | undefined> {
  const all = await vaults.list(c);
  if (ref.id !== undefined) {
    if (!isObjectId(ref.id))
      throw new Error(
        `layout (vault): vault.id "${ref.id}" is not a Passwork id — give the 24-hex id of the vault, or only its name`,
      );
    return all.find((v) => v.id === ref.id);
  }
  const named = all.filter((v) => v.name === ref.name);
  if (named.length > 1)
    throw new Error(
      `layout (vault): ${named.length} vaults are named "${ref.name}" — give vault.id to say which one`,
    );
  return named[0];
}

/** Folder and record paths of a vault (folder names joined with "/", the record name last). */
export async function readInventory(c: PassworkClient, vault: Vault): Promise<Inventory> {
  const flat = await folders.list(c, vault.id);
  const byId = new Map(flat.map((f) => [f.id, f]));
  const pathOf = new Map<string, string>();
  const resolve = (id: string, seen: Set<string> = new Set()): string => {
    const known = pathOf.get(id);
    if (known !== undefined) return known;
    const f = byId.get(id);
    if (!f || seen.has(id)) return "";
    seen.add(id);
    const parent = f.parentFolderId && byId.has(f.parentFolderId) ? resolve(f.parentFolderId, seen) : "";
    const p = parent === "" ? f.name : `${parent}/${f.name}`;
    pathOf.set(id, p);
    return p;
  };
  const folderList: InventoryFolder[] = flat.map((f) => {
    const path = resolve(f.id);
    const parentPath = f.parentFolderId ? (pathOf.get(f.parentFolderId) ?? "") : "";
    return { id: f.id, name: f.name, path, parentPath };
  });
  folderList.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const summaries = await items.list(c, { vaultId: vault.id });
  const records = summaries
    // The fingerprint key of secretsInState none is the provider's, not content (docs/secrets-in-state.md).
    .filter((s) => s.vaultId === vault.id && !(s.name === FINGERPRINT_KEY_RECORD && !s.folderId))
    .map((s) => {
      const folderPath = s.folderId ? (pathOf.get(s.folderId) ?? "") : "";
      return {
        id: s.id,
        name: s.name,
        folderPath,
        path: folderPath === "" ? s.name : `${folderPath}/${s.name}`,
      };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { vault, folders: folderList, records };
}

/** Full (decrypted) records by id, through /batch. Missing ones are left out. */
export async function readRecords(
  c: PassworkClient,
  ids: readonly string[],
): Promise<Map<string, RecordData>> {
  const out = new Map<string, RecordData>();
  if (ids.length === 0) return out;
  for (const [id, r] of await items.getMany(c, ids)) if (!(r instanceof Error)) out.set(id, r);
  return out;
}

/** Paths on the server that a declaration does not mention (declared paths given as sets). */
export function unmanagedPaths(
  inventory: Inventory,
  declared: { folders: ReadonlySet<string>; records: ReadonlySet<string> },
): { folders: string[]; records: string[] } {
  return {
    folders: inventory.folders.filter((f) => !declared.folders.has(f.path)).map((f) => f.path),
    records: inventory.records.filter((r) => !declared.records.has(r.path)).map((r) => r.path),
  };
}
