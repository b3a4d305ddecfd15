/** The bin: deleted items, folder subtrees and vaults as restorable units. */
import type { StoreCore } from "./core";
import { LEVEL_RANK, effectiveFor, rankOf } from "./acl";
import { accessDenied, conflict, notFound } from "./errors";
import { newObjectId, nowSeconds } from "./ids";
import type { BinRec, UserRec } from "./model";

/**
 * Moves one deleted unit to the bin: its items, shortcuts, folders and vault leave the live tables, the
 * entry is stored with the deletion stamp, and `<objectType>_deleted` is logged. Returns the entry id.
 */
export function moveToBin(
  s: StoreCore,
  actor: UserRec,
  unit: Omit<BinRec, "id" | "deletedAt" | "deletedBy">,
): string {
  const entry: BinRec = { id: newObjectId(), ...unit, deletedAt: nowSeconds(), deletedBy: actor.id };
  for (const i of unit.items) s.db.del("items", i.id);
  for (const x of unit.shortcuts ?? []) s.db.del("shortcuts", x.id);
  for (const f of unit.folders) s.db.del("folders", f.id);
  if (unit.vault) s.db.del("vaults", unit.vault.id);
  s.db.put("bin", entry);
  s.audit(actor, `${unit.objectType}_deleted`, unit.objectType, unit.objectId, unit.vaultId, {
    binItemId: entry.id,
  });
  return entry.id;
}

export const binView = (b: BinRec) => ({
  id: b.id,
  objectType: b.objectType,
  objectId: b.objectId,
  name: b.name,
  vaultId: b.vaultId,
  deletedAt: b.deletedAt,
  deletedBy: b.deletedBy,
});

/** Who may see/restore an entry: vault entries → who was admin of the vault; others → edit on where it goes back. */
function mayRestore(s: StoreCore, actor: UserRec, b: BinRec): boolean {
  if (b.objectType === "vault") {
    if (!b.vault) return false;
    const e = effectiveFor(s, actor, [{ id: b.vault.id, vaultId: b.vault.id, grants: b.vault.grants }]);
    return e?.access === "admin";
  }
  const target = (b.parentFolderId && s.db.get("folders", b.parentFolderId)) || s.db.get("vaults", b.vaultId);
  return target ? rankOf(s, actor, target) >= LEVEL_RANK.edit : false;
}

export function listBin(s: StoreCore, actor: UserRec, vaultId: string | undefined): BinRec[] {
  return [...s.db.all("bin")]
    .filter((b) => (vaultId === undefined || b.vaultId === vaultId) && mayRestore(s, actor, b))
    .sort((a, b) => b.deletedAt - a.deletedAt);
}

export function restore(s: StoreCore, actor: UserRec, binItemId: string): string {
  const b = s.db.get("bin", binItemId);
  if (!b) throw notFound("Bin entry");
  if (!mayRestore(s, actor, b)) throw accessDenied("this bin entry");
  if (b.objectType === "vault" && b.vault) {
    if (s.db.get("vaults", b.vault.id)) throw conflict("alreadyRestored", "The vault exists already");
    s.db.put("vaults", b.vault);
  } else if (!s.db.get("vaults", b.vaultId)) {
    throw conflict("vaultDeleted", "The vault of this entry is in the bin; restore the vault first");
  }
  const parentGone = b.parentFolderId !== null && !s.db.get("folders", b.parentFolderId);
  for (const f of b.folders)
    s.db.put("folders", f.id === b.objectId && parentGone ? { ...f, parentFolderId: null } : f);
  for (const i of b.items)
    s.db.put("items", i.id === b.objectId && parentGone ? { ...i, folderId: null } : i);
  for (const x of b.shortcuts ?? [])
    s.db.put("shortcuts", x.id === b.objectId && parentGone ? { ...x, folderId: null } : x);
  s.db.del("bin", b.id);
  s.audit(actor, `${b.objectType}_restored`, b.objectType, b.objectId, b.vaultId, { binItemId: b.id });
  return b.objectId;
}
