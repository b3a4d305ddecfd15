/**
 * What a vault or folder still holds when it is about to be deleted. Children this stack manages are
 * deleted first by the engine, so anything found here belongs to someone else: delete refuses unless
 * `forceDestroy` is set, and the message says what is inside.
 */
import { folders, items, search, type PassworkClient } from "../client";
import { FINGERPRINT_KEY_RECORD } from "./fingerprint";

export interface Contents {
  folders: string[];
  records: string[];
  /** Shortcuts placed here (people make them in the web app); named after the record they point to. */
  shortcuts: string[];
}

export async function vaultContents(c: PassworkClient, vaultId: string): Promise<Contents> {
  const [fs, rs, ss] = await Promise.all([
    folders.list(c, vaultId),
    items.list(c, { vaultId }),
    search.shortcuts(c, { vaultIds: [vaultId] }),
  ]);
  // The fingerprint key (secretsInState none) belongs to the vault's records: it goes with the vault.
  const own = (r: { name: string; folderId?: string | null }) =>
    r.name === FINGERPRINT_KEY_RECORD && !r.folderId;
  return {
    folders: fs.map((f) => f.name),
    records: rs.filter((r) => !own(r)).map((r) => r.name),
    shortcuts: ss.map((s) => s.name),
  };
}

export async function folderContents(
  c: PassworkClient,
  vaultId: string,
  folderId: string,
): Promise<Contents> {
  const [fs, rs, ss] = await Promise.all([
    folders.list(c, vaultId),
    items.list(c, { vaultId, folderId }),
    search.shortcuts(c, { folderIds: [folderId] }),
  ]);
  return {
    folders: fs.filter((f) => f.parentFolderId === folderId).map((f) => f.name),
    records: rs.map((r) => r.name),
    shortcuts: ss.map((s) => s.name),
  };
}

export function isEmpty(c: Contents): boolean {
  return c.folders.length === 0 && c.records.length === 0 && c.shortcuts.length === 0;
}

function sample(names: string[]): string {
  const shown = names.slice(0, 3).map((n) => JSON.stringify(n));
  return shown.join(", ") + (names.length > 3 ? `, and ${names.length - 3} more` : "");
}

/** "2 folders (\"a\", \"b\") and 1 record (\"x\")" */
export function describeContents(c: Contents): string {
  const parts: string[] = [];
  if (c.folders.length)
    parts.push(`${c.folders.length} folder${c.folders.length === 1 ? "" : "s"} (${sample(c.folders)})`);
  if (c.records.length)
    parts.push(`${c.records.length} record${c.records.length === 1 ? "" : "s"} (${sample(c.records)})`);
  if (c.shortcuts.length)
    parts.push(
      `${c.shortcuts.length} shortcut${c.shortcuts.length === 1 ? "" : "s"} (to ${sample(c.shortcuts)})`,
    );
  return parts.join(" and ");
}
