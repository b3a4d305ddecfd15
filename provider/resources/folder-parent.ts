/**
 * Server-side checks of a folder's parent, run at preview once the ids are known: the parent must be a
 * folder (not a record or a vault), in the folder's own vault, and not the folder itself or one of its
 * subfolders (a cycle). Reads only. Without provider credentials at preview the server refuses the
 * same things at create/update.
 */
import { folders, items, vaults } from "../client";
import type { CheckFailure } from "./check";
import { isNotFound } from "./outcome";
import { clientForCheck } from "./preview-client";

async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Problems with `parentFolderId` (property named), or none. `selfId` is the folder's own id on update. */
export async function parentFailures(
  vaultId: string,
  parentFolderId: string,
  selfId?: string,
): Promise<CheckFailure[]> {
  const c = clientForCheck();
  if (c === undefined) return [];
  const fail = (reason: string): CheckFailure[] => [{ property: "parentFolderId", reason }];
  let parent: Awaited<ReturnType<typeof folders.get>>;
  try {
    parent = await folders.read(c, parentFolderId);
  } catch (err) {
    if (!isNotFound(err)) throw err; // 403 is an error, never "absent" (rule 7)
    if (await exists(() => items.read(c, parentFolderId))) {
      return fail(
        "is the id of a record, not a folder; a folder can only be placed under another folder (pass a Folder's id)",
      );
    }
    if (parentFolderId === vaultId || (await exists(() => vaults.get(c, parentFolderId)))) {
      return fail("is the id of a vault; leave parentFolderId out to place the folder at the vault root");
    }
    return fail("names no folder visible to the provider's identity; check the id");
  }
  if (parent.vaultId !== vaultId) {
    return fail(
      `is a folder in another vault (${parent.vaultId}); a folder's parent must be in the same vault as vaultId`,
    );
  }
  if (
    selfId !== undefined &&
    (parent.id === selfId || (parent.path ?? []).some((p) => p.folderId === selfId))
  ) {
    return fail("is this folder itself or one of its subfolders; moving the folder there would make a cycle");
  }
  return [];
}
