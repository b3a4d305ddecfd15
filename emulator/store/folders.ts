/** Folders: a flat collection keyed by vault with parent links; delete takes the whole subtree to the bin. */
import type { StoreCore } from "./core";
import { LEVEL_RANK, rankOf } from "./acl";
import { validationError } from "./errors";
import { newObjectId, nowSeconds } from "./ids";
import { pathTo } from "./lookup";
import { shortcutsIn } from "./shortcuts";
import type { FolderRec, UserRec } from "./model";
import { moveToBin } from "./bin";

export function folderView(s: StoreCore, f: FolderRec) {
  const path = pathTo(s, f.vaultId, f.parentFolderId);
  return { id: f.id, name: f.name, vaultId: f.vaultId, parentFolderId: f.parentFolderId, path, color: null };
}

export function descendantsOf(s: StoreCore, folderId: string): FolderRec[] {
  const all = [...s.db.all("folders")];
  const out: FolderRec[] = [];
  const queue = [folderId];
  while (queue.length) {
    const id = queue.shift() as string;
    for (const f of all)
      if (f.parentFolderId === id) {
        out.push(f);
        queue.push(f.id);
      }
  }
  return out;
}

export function createFolder(
  s: StoreCore,
  actor: UserRec,
  vaultId: string,
  parentFolderId: string | null,
  name: string,
): FolderRec {
  const f: FolderRec = {
    id: newObjectId(),
    name,
    vaultId,
    parentFolderId,
    grants: [],
    createdAt: nowSeconds(),
  };
  s.db.put("folders", f);
  s.audit(actor, "folder_created", "folder", f.id, vaultId, { name });
  return f;
}

export function renameFolder(s: StoreCore, actor: UserRec, f: FolderRec, name: string): FolderRec {
  const next = { ...f, name };
  s.db.put("folders", next);
  s.audit(actor, "folder_edited", "folder", f.id, f.vaultId, { name });
  return next;
}

export function moveFolder(s: StoreCore, actor: UserRec, f: FolderRec, target: FolderRec | null): FolderRec {
  if (target) {
    if (target.vaultId !== f.vaultId)
      throw validationError(
        "targetFolderId",
        "must be a folder of the same vault (folders cannot move between vaults)",
      );
    if (target.id === f.id || descendantsOf(s, f.id).some((d) => d.id === target.id))
      throw validationError("targetFolderId", "cannot move a folder into itself or one of its subfolders");
  }
  const next = { ...f, parentFolderId: target ? target.id : null };
  s.db.put("folders", next);
  s.audit(actor, "folder_moved", "folder", f.id, f.vaultId, { targetFolderId: target ? target.id : null });
  return next;
}

export function deleteFolder(s: StoreCore, actor: UserRec, f: FolderRec): string {
  const folders = [f, ...descendantsOf(s, f.id)];
  const ids = new Set(folders.map((x) => x.id));
  const items = [...s.db.all("items")].filter((i) => i.folderId !== null && ids.has(i.folderId));
  const shortcuts = shortcutsIn(s, f.vaultId, ids);
  return moveToBin(s, actor, {
    objectType: "folder",
    objectId: f.id,
    name: f.name,
    vaultId: f.vaultId,
    parentFolderId: f.parentFolderId,
    vault: null,
    folders,
    items,
    shortcuts,
  });
}

export function visibleFolders(s: StoreCore, actor: UserRec, vaultId: string): FolderRec[] {
  return [...s.db.all("folders")].filter(
    (f) => f.vaultId === vaultId && rankOf(s, actor, f) >= LEVEL_RANK.read,
  );
}
