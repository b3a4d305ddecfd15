/** Folders (reference/passwork-api.md §4.5). */
import type { PassworkClient } from "./core";
import { path } from "./path";
import { BinItemResponseSchema, EmptyResponseSchema, IdResponseSchema, listOf } from "./schemas/common";
import { FolderSchema, type Folder, type FolderCreateParams } from "./schemas/folders";

/** Every folder of the vault, flat; each carries `parentFolderId` (null at the vault root). */
export async function list(c: PassworkClient, vaultId: string): Promise<Folder[]> {
  return (await c.get(path`/folders`, listOf(FolderSchema), { vaultId })).items;
}

export function get(c: PassworkClient, id: string): Promise<Folder> {
  return c.get(path`/folders/${id}`, FolderSchema);
}

export async function create(c: PassworkClient, input: { name: string; vaultId: string; parentFolderId?: string | null | undefined }): Promise<string> {
  const body: FolderCreateParams = { name: input.name, vaultId: input.vaultId };
  if (input.parentFolderId) body.parentFolderId = input.parentFolderId;
  return (await c.post(path`/folders`, body, IdResponseSchema)).id;
}

export async function rename(c: PassworkClient, id: string, name: string): Promise<void> {
  await c.post(path`/folders/${id}`, { name }, EmptyResponseSchema);
}

/** Within the same vault; null = the vault root. */
export async function move(c: PassworkClient, id: string, targetFolderId: string | null): Promise<void> {
  await c.post(path`/folders/${id}/move`, { targetFolderId }, EmptyResponseSchema);
}

export async function remove(c: PassworkClient, id: string): Promise<string> {
  return (await c.delete(path`/folders/${id}`, BinItemResponseSchema)).binItemId;
}
