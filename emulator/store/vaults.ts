/** Vaults and vault types: create (creator = admin), the caller's view, rename, delete to the bin. */
import type { VaultCreateParams } from "../../protocol";
import type { StoreCore } from "./core";
import { LEVEL_NAME, LEVEL_RANK, awaitsVaultKey, chainOf, effectiveFor, permissionsFor, rankOf } from "./acl";
import { pendingRequestOf } from "./connection-requests";
import { validationError } from "./errors";
import { newObjectId, nowSeconds } from "./ids";
import { shortcutsIn } from "./shortcuts";
import type { UserRec, VaultRec } from "./model";
import { moveToBin } from "./bin";

/** Features the emulator announces; `vaultType` makes `typeId` mandatory on vault create. */
export const APP_FEATURES = [{ name: "vaultType" }];

export function vaultVisible(s: StoreCore, actor: UserRec, v: VaultRec): boolean {
  if (rankOf(s, actor, v) >= LEVEL_RANK.read) return true;
  for (const f of s.db.all("folders"))
    if (f.vaultId === v.id && rankOf(s, actor, f) >= LEVEL_RANK.read) return true;
  // A pending request for connection: the vault shows, with no key and no permissions.
  return pendingRequestOf(s, actor, v) !== null;
}

/** GET /vaults/{id}: the caller's own access, capabilities and key blob. */
export function vaultView(s: StoreCore, actor: UserRec, v: VaultRec) {
  const chain = chainOf(s, v);
  const found = effectiveFor(s, actor, chain);
  // A group level held back for a request for connection is no level (acl.ts awaitsVaultKey).
  const eff = found && !awaitsVaultKey(s, actor, found, chain) ? found : null;
  const rank = eff ? LEVEL_RANK[eff.access] : -1;
  return {
    id: v.id,
    name: v.name,
    typeId: v.typeId,
    permissions: permissionsFor(rank),
    masterKeyEncrypted: s.cse ? (v.userKeys[actor.id] ?? null) : null,
    isVisible: true,
    directoryAccess:
      eff && rank >= LEVEL_RANK.read
        ? { isViewingAccess: false, access: eff.access, accessName: LEVEL_NAME[eff.access] }
        : {
            isViewingAccess: true,
            access: "navigation",
            accessName: "Navigation (access to some folders only)",
          },
    canLeaveVault: null,
    canChangeVaultType: null,
  };
}

export function createVault(s: StoreCore, actor: UserRec, p: VaultCreateParams): VaultRec {
  if (p.typeId === undefined)
    throw validationError(
      "typeId",
      "required: this instance has the vaultType feature; pick one from GET /api/v1/vault-types/all",
    );
  if (!s.db.get("vaultTypes", p.typeId))
    throw validationError("typeId", "no such vault type; list them with GET /api/v1/vault-types/all");
  if (s.cse && !p.masterKeyEncrypted)
    throw validationError(
      "masterKeyEncrypted",
      "client-side encryption is on: send the vault key encrypted to your public key",
    );
  const userKeys: Record<string, string> = {};
  // administratorsKeys: the vault key wrapped for each vault-type administrator (GET
  // /vault-types/{id}/administrators); they read the vault with it.
  for (const [userId, blob] of Object.entries(p.administratorsKeys ?? {})) {
    if (!s.db.get("users", userId))
      throw validationError(
        `administratorsKeys.${userId}`,
        "no such user; send keys for the users GET /api/v1/vault-types/{id}/administrators lists",
      );
    if (s.cse) userKeys[userId] = blob;
  }
  if (s.cse && p.masterKeyEncrypted) userKeys[actor.id] = p.masterKeyEncrypted;
  const now = nowSeconds();
  const vault: VaultRec = {
    id: newObjectId(),
    name: p.name,
    typeId: p.typeId,
    grants: [
      { principalType: "user", principalId: actor.id, access: "admin", grantedAt: now, grantedBy: actor.id },
    ],
    userKeys,
    masterKeyHash: p.masterKeyHash ?? null,
    salt: p.salt ?? null,
    createdAt: now,
    creatorId: actor.id,
  };
  s.db.put("vaults", vault);
  s.audit(actor, "vault_created", "vault", vault.id, vault.id, { name: vault.name });
  return vault;
}

export function renameVault(s: StoreCore, actor: UserRec, v: VaultRec, name: string): VaultRec {
  const next = { ...v, name };
  s.db.put("vaults", next);
  s.audit(actor, "vault_edited", "vault", v.id, v.id, { name });
  return next;
}

/** The vault, all its folders and items go to the bin as one unit. */
export function deleteVault(s: StoreCore, actor: UserRec, v: VaultRec): string {
  const folders = [...s.db.all("folders")].filter((f) => f.vaultId === v.id);
  const items = [...s.db.all("items")].filter((i) => i.vaultId === v.id);
  const shortcuts = shortcutsIn(s, v.id, null);
  return moveToBin(s, actor, {
    objectType: "vault",
    objectId: v.id,
    name: v.name,
    vaultId: v.id,
    parentFolderId: null,
    vault: v,
    folders,
    items,
    shortcuts,
  });
}
