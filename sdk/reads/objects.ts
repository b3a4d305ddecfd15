/**
 * Lookups for the program process (sdk/lookups.ts wraps them in secret Outputs): find a vault,
 * folder or record, and build the variables `passwork-cli exec` would export for a selection.
 * They use the same settings as the provider (stack config `passwork:*`, then the environment).
 */
import {
  folders,
  items,
  search,
  vaults,
  NotFoundError,
  PassworkClient,
  type Folder,
  type RecordData,
} from "../../provider/client";
import { buildEnvMap, type EnvMapResult } from "../../provider/env-vars";

export interface VaultInfo {
  vaultId: string;
  name: string;
  typeId: string;
}

export interface FolderInfo {
  folderId: string;
  name: string;
  vaultId: string;
  parentFolderId?: string;
  /** Names from the vault root, e.g. `production/databases`. */
  path: string;
}

export class LookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LookupError";
  }
}

export async function lookupVault(
  c: PassworkClient,
  by: { id: string } | { name: string },
): Promise<VaultInfo> {
  if ("id" in by) {
    const v = await vaults.get(c, by.id);
    return { vaultId: v.id, name: v.name, typeId: v.typeId ?? "" };
  }
  const matches = (await vaults.list(c)).filter((v) => v.name === by.name);
  if (matches.length !== 1) {
    throw new LookupError(
      matches.length === 0
        ? `no vault named "${by.name}" is visible to this token`
        : `${matches.length} vaults are named "${by.name}"; look it up by id instead`,
    );
  }
  const v = matches[0]!;
  return { vaultId: v.id, name: v.name, typeId: v.typeId ?? "" };
}

function folderInfo(f: Folder, all: readonly Folder[]): FolderInfo {
  const names: string[] = [];
  const byId = new Map(all.map((x) => [x.id, x]));
  for (
    let cur: Folder | undefined = f;
    cur;
    cur = cur.parentFolderId ? byId.get(cur.parentFolderId) : undefined
  )
    names.unshift(cur.name);
  const info: FolderInfo = { folderId: f.id, name: f.name, vaultId: f.vaultId, path: names.join("/") };
  if (f.parentFolderId) info.parentFolderId = f.parentFolderId;
  return info;
}

/** By id, or by a `/`-separated path of folder names relative to a vault (`infrastructure/production/databases`). */
export async function lookupFolder(
  c: PassworkClient,
  by: { id: string } | { vaultId: string; path: string },
): Promise<FolderInfo> {
  if ("id" in by) {
    const f = await folders.get(c, by.id);
    return folderInfo(f, await folders.list(c, f.vaultId));
  }
  const segments = by.path
    .split("/")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (segments.length === 0)
    throw new LookupError(`folder path "${by.path}" is empty; give folder names separated by "/"`);
  const all = await folders.list(c, by.vaultId);
  let parent: string | null = null;
  let found: Folder | undefined;
  for (const [i, segment] of segments.entries()) {
    const matches: Folder[] = all.filter((f) => f.name === segment && (f.parentFolderId ?? null) === parent);
    const where = i === 0 ? "at the vault root" : `under "${segments.slice(0, i).join("/")}"`;
    if (matches.length === 0) throw new LookupError(`no folder "${segment}" ${where} in vault ${by.vaultId}`);
    if (matches.length > 1)
      throw new LookupError(
        `${matches.length} folders named "${segment}" ${where}; look it up by id instead`,
      );
    found = matches[0]!;
    parent = found.id;
  }
  return folderInfo(found!, all);
}

export async function lookupRecord(
  c: PassworkClient,
  by: { id: string } | { vaultId: string; folderId?: string; name: string },
): Promise<RecordData> {
  if ("id" in by) return items.get(c, by.id);
  const folderId = by.folderId ?? null;
  const matches = (await items.list(c, { vaultId: by.vaultId, folderId })).filter(
    (s) => s.name === by.name && (s.folderId ?? null) === folderId,
  );
  if (matches.length !== 1) {
    throw new LookupError(
      matches.length === 0
        ? `no record named "${by.name}" in that ${folderId ? "folder" : "vault root"}`
        : `${matches.length} records are named "${by.name}" there; look it up by id instead`,
    );
  }
  return items.get(c, matches[0]!.id);
}

export interface SecretsSelection {
  vaultId?: string | string[];
  folderId?: string | string[];
  tags?: string[];
}

const asList = (v: string | string[] | undefined) =>
  (v === undefined ? [] : Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter((s) => s !== "");

/**
 * The env map of `passwork-cli exec --vault-id/--folder-id/--tags`: one search with every filter,
 * and one shortcut search, then a batch re-fetch of each hit, then the exec rules in result order.
 */
export async function lookupSecrets(
  c: PassworkClient,
  sel: SecretsSelection,
): Promise<EnvMapResult & { recordIds: string[] }> {
  const vaultIds = asList(sel.vaultId);
  const folderIds = asList(sel.folderId);
  const tags = (sel.tags ?? []).map((t) => t.trim()).filter((t) => t !== "");
  if (vaultIds.length + folderIds.length + tags.length === 0) {
    throw new LookupError(
      "getSecrets needs a selection: vaultId, folderId or tags (like passwork-cli exec --vault-id/--folder-id/--tags)",
    );
  }
  const query: Parameters<typeof search.items>[1] = {};
  if (vaultIds.length) query.vaultIds = vaultIds;
  if (folderIds.length) query.folderIds = folderIds;
  if (tags.length) query.tags = tags;
  // Like exec: the items found, then the items behind the shortcuts found (first occurrence, deduped).
  const ids = (await search.items(c, query)).map((h) => h.id);
  const viaShortcuts = [...new Set((await search.shortcuts(c, query)).map((h) => h.id))];
  const all = [...ids, ...viaShortcuts];
  const fetched = all.length ? await items.getMany(c, all) : new Map<string, RecordData | NotFoundError>();
  const records: RecordData[] = [];
  const warnings: string[] = [];
  for (const id of all) {
    const r = fetched.get(id);
    if (!r || r instanceof NotFoundError) continue;
    records.push(r);
    for (const o of r.otherCustoms ?? [])
      warnings.push(
        `field "${o.name}" of record "${r.name}" has type "${o.type}"; like passwork-cli exec, it is not exported`,
      );
  }
  const built = buildEnvMap(records);
  return { env: built.env, warnings: [...warnings, ...built.warnings], recordIds: records.map((r) => r.id) };
}
