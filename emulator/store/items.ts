/** Items (records): create/PATCH with a snapshot per revision, move, delete to the bin. */
import {
  ATTACHMENT_MAX_BYTES,
  AttachmentParams,
  type ItemCreateParams,
  type ItemUpdateParams,
} from "../../protocol";
import type { StoreCore } from "./core";
import { validationError } from "./errors";
import { newObjectId, nowSeconds } from "./ids";
import { pathTo } from "./lookup";
import type { AttachmentRec, ItemRec, SnapshotRec, UserRec } from "./model";
import { moveToBin } from "./bin";

/** Reads list attachments as the vendor does: `{id, encryptedKey, name}`; the data is a separate GET. */
export const attachmentRefs = (list: AttachmentRec[] | undefined) =>
  (list ?? []).map((a) => ({ id: a.id, encryptedKey: a.encryptedKey, name: a.name }));

/**
 * The attachments a create/PATCH body asks for: new uploads get an id; `{id}` keeps an attachment the
 * item already has. A PATCH without `attachments` leaves them all as they are; one with only uploads
 * adds them (the official client's update_item sends just the new files); a list naming any `{id}` is
 * the whole new list; `[]` removes all. Our reading: the vendor does not document PATCH attachments.
 */
function attachmentsFrom(raw: unknown[], current: AttachmentRec[]): AttachmentRec[] {
  const parsed = parseAttachments(raw, current);
  const keepsAny = raw.some((e) => typeof e === "object" && e !== null && "id" in e);
  return raw.length > 0 && !keepsAny ? [...current, ...parsed] : parsed;
}

function parseAttachments(raw: unknown[], current: AttachmentRec[]): AttachmentRec[] {
  return raw.map((entry, i) => {
    const r = AttachmentParams.safeParse(entry);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw validationError(
        `attachments.${i}${issue?.path.length ? "." + issue.path.join(".") : ""}`,
        "send a new file as {name, encryptedKey, encryptedData, hash} or keep an existing one as {id}",
      );
    }
    if ("encryptedData" in r.data && typeof r.data.encryptedData === "string") {
      const up = r.data as { name: string; encryptedKey: string; encryptedData: string; hash: string };
      // The vendor caps files at 5 MB: base64(base64) is ~1.8x that, under CSE base32(base64(AES(base64))) ~2.85x.
      if (up.encryptedData.length > ATTACHMENT_MAX_BYTES * 3)
        throw validationError(`attachments.${i}.encryptedData`, "the file is larger than 5 MB");
      return {
        id: newObjectId(),
        name: up.name,
        encryptedKey: up.encryptedKey,
        encryptedData: up.encryptedData,
        hash: up.hash,
      };
    }
    const kept = current.find((a) => a.id === (r.data as { id: string }).id);
    if (!kept)
      throw validationError(
        `attachments.${i}.id`,
        `the item has no attachment ${(r.data as { id: string }).id}`,
      );
    return kept;
  });
}

export function itemView(s: StoreCore, actor: UserRec, i: ItemRec) {
  const vault = s.db.get("vaults", i.vaultId);
  return {
    id: i.id,
    vaultId: i.vaultId,
    folderId: i.folderId,
    passwordEncrypted: i.passwordEncrypted,
    keyEncrypted: s.cse ? i.keyEncrypted : null,
    customs: i.customs.map((c) => ({ ...c })),
    attachments: attachmentRefs(i.attachments),
    name: i.name,
    login: i.login,
    url: i.url,
    urls: i.url ? [i.url] : [],
    description: i.description,
    tags: [...i.tags],
    fieldsOrder: null,
    isDeleted: false,
    color: i.color,
    isFavorite: false,
    vaultMasterKeyEncrypted: s.cse ? (vault?.userKeys[actor.id] ?? null) : null,
    path: pathTo(s, i.vaultId, i.folderId),
  };
}

function snapshot(s: StoreCore, actor: UserRec, i: ItemRec): void {
  const { id: itemId, createdAt: _c, updatedAt: _u, creatorId: _cr, ...fields } = i;
  const snap: SnapshotRec = {
    ...fields,
    id: newObjectId(),
    itemId,
    creatorId: actor.id,
    createdAt: nowSeconds(),
  };
  s.db.put("snapshots", snap);
}

export function createItem(s: StoreCore, actor: UserRec, p: ItemCreateParams): ItemRec {
  // The official client sends keyEncrypted only with a password (create_item of a record without one
  // carries no key), so only a password makes it mandatory.
  if (s.cse && p.passwordEncrypted && !p.keyEncrypted)
    throw validationError(
      "keyEncrypted",
      "client-side encryption is on: send the item key encrypted with the vault key",
    );
  const now = nowSeconds();
  const item: ItemRec = {
    id: newObjectId(),
    vaultId: p.vaultId,
    folderId: p.folderId ?? null,
    name: p.name,
    login: p.login ?? "",
    url: p.url ?? "",
    description: p.description ?? null,
    passwordEncrypted: p.passwordEncrypted ?? null,
    keyEncrypted: s.cse ? (p.keyEncrypted ?? null) : null,
    customs: p.customs ?? [],
    attachments: attachmentsFrom(p.attachments ?? [], []),
    tags: p.tags ?? [],
    color: p.color ?? 0,
    createdAt: now,
    updatedAt: now,
    creatorId: actor.id,
  };
  s.db.put("items", item);
  snapshot(s, actor, item);
  s.audit(actor, "item_created", "item", item.id, item.vaultId, { name: item.name });
  return item;
}

/** PATCH: fields left out stay; tags/customs replace the whole list; vaultId must be the current vault. */
export function updateItem(
  s: StoreCore,
  actor: UserRec,
  cur: ItemRec,
  p: ItemUpdateParams,
  folderOk: (folderId: string | null) => void,
): ItemRec {
  if (p.vaultId !== undefined && p.vaultId !== cur.vaultId)
    throw validationError(
      "vaultId",
      "must be the item's current vault; use POST /api/v1/items/{id}/move to change vaults",
    );
  if (p.folderId !== undefined && p.folderId !== cur.folderId) folderOk(p.folderId);
  const next: ItemRec = { ...cur, updatedAt: nowSeconds() };
  if (p.folderId !== undefined) next.folderId = p.folderId;
  if (p.name !== undefined) next.name = p.name;
  if (p.login !== undefined) next.login = p.login;
  if (p.url !== undefined) next.url = p.url;
  if (p.description !== undefined) next.description = p.description;
  if (p.color !== undefined) next.color = p.color;
  if (p.tags !== undefined) next.tags = p.tags;
  if (p.passwordEncrypted !== undefined) next.passwordEncrypted = p.passwordEncrypted;
  if (p.keyEncrypted !== undefined && s.cse) next.keyEncrypted = p.keyEncrypted;
  if (p.customs !== undefined) next.customs = p.customs;
  if (p.attachments !== undefined) next.attachments = attachmentsFrom(p.attachments, cur.attachments ?? []);
  s.db.put("items", next);
  snapshot(s, actor, next);
  s.audit(actor, "item_edited", "item", cur.id, cur.vaultId, {
    fields: Object.keys(p).filter((k) => k !== "vaultId"),
  });
  return next;
}

export function moveItem(
  s: StoreCore,
  actor: UserRec,
  cur: ItemRec,
  vaultId: string,
  folderId: string | null,
): ItemRec {
  const next = { ...cur, vaultId, folderId, updatedAt: nowSeconds() };
  s.db.put("items", next);
  s.audit(actor, "item_moved", "item", cur.id, vaultId, {
    fromVaultId: cur.vaultId,
    fromFolderId: cur.folderId,
    folderId,
  });
  return next;
}

export function deleteItem(s: StoreCore, actor: UserRec, i: ItemRec): string {
  return moveToBin(s, actor, {
    objectType: "item",
    objectId: i.id,
    name: i.name,
    vaultId: i.vaultId,
    parentFolderId: i.folderId,
    vault: null,
    folders: [],
    items: [i],
  });
}

export function snapshotsOf(s: StoreCore, itemId: string): SnapshotRec[] {
  return [...s.db.all("snapshots")]
    .filter((x) => x.itemId === itemId)
    .sort((a, b) => a.createdAt - b.createdAt);
}

export function snapshotView(s: StoreCore, snap: SnapshotRec) {
  const creator = s.db.get("users", snap.creatorId);
  return {
    id: snap.id,
    itemId: snap.itemId,
    name: snap.name,
    login: snap.login,
    url: snap.url,
    description: snap.description,
    customs: snap.customs,
    tags: snap.tags,
    attachments: attachmentRefs(snap.attachments),
    fieldsOrder: null,
    passwordEncrypted: snap.passwordEncrypted,
    keyEncrypted: s.cse ? snap.keyEncrypted : null,
    creatorId: snap.creatorId,
    createdAt: snap.createdAt,
    creator: {
      id: snap.creatorId,
      login: creator?.login ?? "",
      fullName: creator?.fullName ?? "",
      hasAvatar: false,
      isDeleted: !creator,
    },
  };
}
