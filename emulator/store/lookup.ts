/**
 * Loading an object for a caller without leaking existence: an object the caller cannot see answers
 * 403; a missing one answers 404 only if the caller could see where it was (its bin entry's parent),
 * otherwise 403. Ids that never existed answer 404 (nothing to leak).
 */
import type { AccessLevel } from "../../protocol";
import type { StoreCore } from "./core";
import { LEVEL_RANK, rankOf } from "./acl";
import { accessDenied, notFound } from "./errors";
import type { FolderRec, ItemRec, UserRec, VaultRec } from "./model";

function binnedParentVisible(
  s: StoreCore,
  actor: UserRec,
  kind: "item" | "folder" | "vault",
  id: string,
): boolean | null {
  for (const b of s.db.all("bin")) {
    const hit =
      (kind === "item" && b.items.some((i) => i.id === id)) ||
      (kind === "folder" && b.folders.some((f) => f.id === id)) ||
      (kind === "vault" && b.vault?.id === id);
    if (!hit) continue;
    if (kind === "vault")
      return b.deletedBy === actor.id || (b.vault?.grants.some((g) => g.principalId === actor.id) ?? false);
    const parent =
      (b.parentFolderId && s.db.get("folders", b.parentFolderId)) || s.db.get("vaults", b.vaultId);
    return parent ? rankOf(s, actor, parent) >= LEVEL_RANK.read : false;
  }
  return null;
}

function missing(
  s: StoreCore,
  actor: UserRec,
  kind: "item" | "folder" | "vault",
  id: string,
  what: string,
): never {
  if (binnedParentVisible(s, actor, kind, id) === false) throw accessDenied(what);
  throw notFound(what);
}

export function loadVault(s: StoreCore, actor: UserRec, id: string, min: AccessLevel): VaultRec {
  const v = s.db.get("vaults", id);
  if (!v) missing(s, actor, "vault", id, "Vault");
  if (rankOf(s, actor, v) < LEVEL_RANK[min]) throw accessDenied("this vault");
  return v;
}

export function loadFolder(s: StoreCore, actor: UserRec, id: string, min: AccessLevel): FolderRec {
  const f = s.db.get("folders", id);
  if (!f) missing(s, actor, "folder", id, "Folder");
  if (rankOf(s, actor, f) < LEVEL_RANK[min]) throw accessDenied("this folder");
  return f;
}

/** The directory an item lives in (its folder, or the vault at the root). */
export function dirOfItem(s: StoreCore, item: ItemRec): FolderRec | VaultRec {
  const d = (item.folderId && s.db.get("folders", item.folderId)) || s.db.get("vaults", item.vaultId);
  if (!d) throw notFound("Item directory");
  return d;
}

export function loadItem(s: StoreCore, actor: UserRec, id: string, min: AccessLevel): ItemRec {
  const i = s.db.get("items", id);
  if (!i) missing(s, actor, "item", id, "Item");
  if (rankOf(s, actor, dirOfItem(s, i)) < LEVEL_RANK[min]) throw accessDenied("this item");
  return i;
}

/** Either a vault or a folder id (for effective-access). */
export function loadDirectory(
  s: StoreCore,
  actor: UserRec,
  id: string,
  min: AccessLevel,
): FolderRec | VaultRec {
  if (s.db.get("vaults", id)) return loadVault(s, actor, id, min);
  return loadFolder(s, actor, id, min);
}

/** Breadcrumb: the vault (folderId null), then every folder from the root down to `folderId` inclusive. */
export function pathTo(s: StoreCore, vaultId: string, folderId: string | null) {
  const folders: { name: string; vaultId: string; folderId: string | null }[] = [];
  let cur = folderId ? s.db.get("folders", folderId) : undefined;
  let guard = 0;
  while (cur && guard++ < 1000) {
    folders.unshift({ name: cur.name, vaultId, folderId: cur.id });
    cur = cur.parentFolderId ? s.db.get("folders", cur.parentFolderId) : undefined;
  }
  const vault = s.db.get("vaults", vaultId);
  return [{ name: vault?.name ?? "", vaultId, folderId: null }, ...folders];
}
