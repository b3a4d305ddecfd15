/** Folders (reference/passwork-api.md §4.5). */
import { memo } from "./cache";
import { coalescedGet } from "./coalesce";
import type { PassworkClient } from "./core";
import { noteFolderRead } from "./read-ahead";
import { path } from "./path";
import { BinItemResponseSchema, EmptyResponseSchema, IdResponseSchema, listOf } from "../../protocol/common";
import { FolderSchema, type Folder, type FolderCreateParams } from "../../protocol/folders";

/** Every folder of the vault, flat; each carries `parentFolderId` (null at the vault root). */
export async function list(c: PassworkClient, vaultId: string): Promise<Folder[]> {
  return (await c.get(path`/folders`, listOf(FolderSchema), { vaultId })).items;
}

export function get(c: PassworkClient, id: string): Promise<Folder> {
  return c.get(path`/folders/${id}`, FolderSchema);
}

/** Like `get`, but coalesced with other reads of the same moment into one /batch (provider `read`). */
export async function read(c: PassworkClient, id: string): Promise<Folder> {
  const folder = await coalescedGet(c, path`/folders/${id}`, FolderSchema);
  noteFolderRead(c, folder.vaultId, folder.id); // its records are worth reading ahead (read-ahead.ts)
  return folder;
}

/**
 * Like `read`, but remembered for the process (the access guards need a folder's ancestors for every
 * grant on it). Forgotten with the paths on any rename, move or remove through this client.
 */
export function readCached(c: PassworkClient, id: string): Promise<Folder> {
  return memo(c, `folder:${id}`, () => read(c, id));
}

/**
 * Folder names from the vault root down to this folder ("production/databases"), cached for the
 * process: a record's `path` output needs it, and hundreds of records share a few folders. A rename or
 * move through this client forgets every cached path (descendants' paths change too).
 */
export function pathOf(c: PassworkClient, id: string): Promise<string> {
  return memo(c, `folderPath:${id}`, async () => {
    const f = await read(c, id);
    return [...(f.path ?? []).filter((p) => p.folderId !== null).map((p) => p.name), f.name].join("/");
  });
}

/** A folder this client just created or read: its path is known without a round trip. */
export function rememberPath(c: PassworkClient, id: string, folderPath: string): void {
  c.cache.set(`folderPath:${id}`, Promise.resolve(folderPath));
}

/** Forgets every cached folder path and folder (a rename or move changes descendants' paths too). */
function forgetPaths(c: PassworkClient): void {
  for (const key of [...c.cache.keys()])
    if (key.startsWith("folderPath:") || key.startsWith("folder:")) c.cache.delete(key);
}

export async function create(
  c: PassworkClient,
  input: { name: string; vaultId: string; parentFolderId?: string | null | undefined },
): Promise<string> {
  const body: FolderCreateParams = { name: input.name, vaultId: input.vaultId };
  if (input.parentFolderId) body.parentFolderId = input.parentFolderId;
  return (await c.post(path`/folders`, body, IdResponseSchema)).id;
}

export async function rename(c: PassworkClient, id: string, name: string): Promise<void> {
  forgetPaths(c);
  await c.post(path`/folders/${id}`, { name }, EmptyResponseSchema);
  forgetPaths(c);
}

/** Within the same vault; null = the vault root. */
export async function move(c: PassworkClient, id: string, targetFolderId: string | null): Promise<void> {
  forgetPaths(c);
  await c.post(path`/folders/${id}/move`, { targetFolderId }, EmptyResponseSchema);
  forgetPaths(c);
}

export async function remove(c: PassworkClient, id: string): Promise<string> {
  forgetPaths(c);
  const binItemId = (await c.delete(path`/folders/${id}`, BinItemResponseSchema)).binItemId;
  forgetPaths(c);
  return binItemId;
}
