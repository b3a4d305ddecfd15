/**
 * Shortcuts (references to an item placed in another vault/folder), links and inbox items — the
 * shapes of the official client's `get_shortcut` / `search_shortcut` / `create_link` / `get_inbox_item`.
 * A shortcut is visible to whoever can read the directory it lives in; its target item is read
 * through the item's own access rules (the vendor's client re-fetches `GET /items/{id}`).
 */
import type { ItemSearchQuery, LinkCreateParams, ShortcutCreateParams } from "../../protocol";
import type { StoreCore } from "./core";
import { LEVEL_RANK, rankOf } from "./acl";
import { accessDenied, notFound, validationError } from "./errors";
import { newObjectId, nowSeconds } from "./ids";
import { itemView } from "./items";
import { pathTo } from "./lookup";
import type { FolderRec, InboxRec, ItemRec, ShortcutRec, UserRec, VaultRec } from "./model";
import { moveToBin } from "./bin";

export function dirOfShortcut(s: StoreCore, sc: ShortcutRec): FolderRec | VaultRec | undefined {
  return (sc.folderId && s.db.get("folders", sc.folderId)) || s.db.get("vaults", sc.vaultId);
}

/** Item fields of the target + `shortcut{…}` + the shortcut's own breadcrumb. */
export function shortcutView(s: StoreCore, actor: UserRec, sc: ShortcutRec, item: ItemRec) {
  const creator = s.db.get("users", sc.creatorId);
  return {
    ...itemView(s, actor, item),
    shortcut: {
      id: sc.id,
      keyEncrypted: s.cse ? sc.keyEncrypted : null,
      itemId: sc.itemId,
      vaultId: sc.vaultId,
      folderId: sc.folderId,
      creator: creator?.login ?? "",
    },
    path: pathTo(s, sc.vaultId, sc.folderId),
  };
}

export function createShortcut(
  s: StoreCore,
  actor: UserRec,
  item: ItemRec,
  p: ShortcutCreateParams,
): ShortcutRec {
  if (s.cse && !p.keyEncrypted)
    throw validationError(
      "keyEncrypted",
      "client-side encryption is on: send the item key encrypted with the target vault's key",
    );
  const sc: ShortcutRec = {
    id: newObjectId(),
    itemId: item.id,
    vaultId: p.vaultId,
    folderId: p.folderId ?? null,
    keyEncrypted: s.cse ? (p.keyEncrypted ?? null) : null,
    creatorId: actor.id,
    createdAt: nowSeconds(),
  };
  s.db.put("shortcuts", sc);
  s.audit(actor, "shortcut_created", "shortcut", sc.id, sc.vaultId, { itemId: item.id });
  return sc;
}

/** A shortcut the caller may see, with its live target; 404 when either is gone. */
export function loadShortcut(s: StoreCore, actor: UserRec, id: string, min: "read" | "edit") {
  const sc = s.db.get("shortcuts", id);
  if (!sc) throw notFound("Shortcut");
  const dir = dirOfShortcut(s, sc);
  if (!dir) throw notFound("Shortcut");
  if (rankOf(s, actor, dir) < LEVEL_RANK[min]) throw accessDenied("this shortcut");
  const item = s.db.get("items", sc.itemId);
  if (!item) throw notFound("The shortcut's item");
  return { sc, item };
}

/** Same filters as item search, applied to where the shortcut lives (vaults recursive, folders direct). */
export function searchShortcuts(s: StoreCore, actor: UserRec, q: ItemSearchQuery) {
  const text = q.query?.trim().toLowerCase() ?? "";
  const vaults = q.vaultIds?.length ? new Set(q.vaultIds) : null;
  const folders = q.folderIds?.length ? new Set(q.folderIds) : null;
  const colors = q.colorCodes?.length ? new Set(q.colorCodes) : null;
  const tags = q.tags ?? [];
  const out: ReturnType<typeof shortcutView>[] = [];
  for (const sc of s.db.all("shortcuts")) {
    const item = s.db.get("items", sc.itemId);
    if (!item) continue;
    if (vaults && !vaults.has(sc.vaultId)) continue;
    if (folders && (sc.folderId === null || !folders.has(sc.folderId))) continue;
    if (colors && !colors.has(item.color)) continue;
    if (!tags.every((t) => item.tags.includes(t))) continue;
    if (text && ![item.name, item.url, item.description ?? ""].some((f) => f.toLowerCase().includes(text)))
      continue;
    const dir = dirOfShortcut(s, sc);
    if (!dir || rankOf(s, actor, dir) < LEVEL_RANK.read) continue;
    out.push(shortcutView(s, actor, sc, item));
  }
  return out;
}

/** DELETE /shortcuts/{id}: the shortcut goes to the bin on its own (the item stays). */
export function deleteShortcut(s: StoreCore, actor: UserRec, sc: ShortcutRec, item: ItemRec): string {
  return moveToBin(s, actor, {
    objectType: "shortcut",
    objectId: sc.id,
    name: item.name,
    vaultId: sc.vaultId,
    parentFolderId: sc.folderId,
    vault: null,
    folders: [],
    items: [],
    shortcuts: [sc],
  });
}

/** Shortcuts living in the given vault / folders (they go to the bin with their directory). */
export function shortcutsIn(s: StoreCore, vaultId: string, folderIds: Set<string> | null): ShortcutRec[] {
  return [...s.db.all("shortcuts")].filter(
    (sc) =>
      sc.vaultId === vaultId && (folderIds === null || (sc.folderId !== null && folderIds.has(sc.folderId))),
  );
}

export function createLink(s: StoreCore, actor: UserRec, p: LinkCreateParams, baseUrl: string): string {
  if (s.cse && (!p.keyHash || !p.keyEncrypted))
    throw validationError(
      p.keyHash ? "keyEncrypted" : "keyHash",
      "client-side encryption is on: send the link code's hash and the code encrypted with the item key",
    );
  const id = newObjectId();
  s.db.put("links", {
    id,
    itemId: p.itemId,
    shortcutId: p.shortcutId ?? null,
    itemData: p.itemData,
    keyHash: p.keyHash,
    keyEncrypted: p.keyEncrypted,
    type: p.type,
    expirationTime: p.expirationTime,
    creatorId: actor.id,
    createdAt: nowSeconds(),
  });
  s.audit(actor, "link_created", "item", p.itemId, null, { linkId: id, type: p.type });
  return `${baseUrl}/link/${id}`;
}

export function inboxView(s: StoreCore, actor: UserRec, ib: InboxRec, item: ItemRec) {
  const sender = s.db.get("users", ib.senderId);
  const { vaultMasterKeyEncrypted: _v, path: _p, ...fields } = itemView(s, actor, item);
  return {
    ...fields,
    inbox: {
      id: ib.id,
      keyEncrypted: s.cse ? ib.keyEncrypted : null,
      access: ib.access,
      senderId: ib.senderId,
      createdAt: ib.createdAt,
      isViewed: ib.isViewed,
      isUserNotified: true,
      sender: {
        id: ib.senderId,
        login: sender?.login ?? "",
        fullName: sender?.fullName ?? "",
        hasAvatar: false,
        isDeleted: !sender,
      },
    },
  };
}
