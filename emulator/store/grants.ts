/** Direct grants on vaults and folders, with the last-administrator rule and CSE key blobs. */
import type { GrantLevel, GrantParams } from "../../protocol";
import type { StoreCore } from "./core";
import { LEVEL_RANK, isTypeAdministrator } from "./acl";
import { conflict, validationError } from "./errors";
import { nowSeconds } from "./ids";
import type { FolderRec, GrantRec, UserRec, VaultRec } from "./model";

export const grantView = (g: GrantRec) => ({
  principalType: g.principalType,
  principalId: g.principalId,
  access: g.access,
  grantedAt: g.grantedAt,
  grantedBy: g.grantedBy,
});

function checkPrincipal(s: StoreCore, p: GrantParams): void {
  const exists =
    p.principalType === "user" ? s.db.get("users", p.principalId) : s.db.get("groups", p.principalId);
  if (!exists) throw validationError("principalId", `no ${p.principalType} with id ${p.principalId}`);
  // "Connect without access" is a user's membership; a group's "Not set" is simply no grant.
  if (p.principalType === "group" && p.access === "connect")
    throw validationError(
      "access",
      "connect (Connect without access) is for users; a group without a level is not set: revoke its grant instead",
    );
}

/**
 * Vault-type administrators "cannot be removed or demoted" (vendor docs): no grant below admin, no revoke.
 * `connect` has no level of its own, so it demotes nobody.
 */
function assertNotTypeAdmin(
  s: StoreCore,
  vault: VaultRec | undefined,
  principalType: GrantRec["principalType"],
  principalId: string,
  access: GrantLevel | null,
): void {
  if (!vault || principalType !== "user" || access === "admin" || access === "connect") return;
  const user = s.db.get("users", principalId);
  if (user && isTypeAdministrator(s, user, vault.typeId))
    throw conflict(
      "vaultTypeAdministrator",
      `User ${user.login} administers every vault of this type; vault-type administrators cannot be removed or demoted`,
    );
}

/** The vendor's activity-log codes (`user_added_to_vault`, `vault_userGroup_access_changed`, …). */
const who = (t: GrantRec["principalType"]) => (t === "user" ? "user" : "userGroup");
function vaultGrantCode(t: GrantRec["principalType"], what: "added" | "changed" | "removed"): string {
  if (what === "changed") return `vault_${who(t)}_access_changed`;
  return what === "added" ? `${who(t)}_added_to_vault` : `${who(t)}_removed_from_vault`;
}
const folderGrantCode = (t: GrantRec["principalType"]) => `folder_${who(t)}_access_changed`;

function assertKeepsAdmin(vault: VaultRec, grants: GrantRec[]): void {
  const admins = grants.filter((g) => g.principalType === "user" && g.access === "admin");
  if (admins.length === 0)
    throw conflict(
      "lastAdministrator",
      `Vault ${vault.name} must keep at least one administrator user; grant admin to another user first`,
    );
}

function upsert(
  grants: GrantRec[],
  actor: UserRec,
  p: { principalType: GrantRec["principalType"]; principalId: string; access: GrantLevel },
): GrantRec[] {
  const g: GrantRec = {
    principalType: p.principalType,
    principalId: p.principalId,
    access: p.access,
    grantedAt: nowSeconds(),
    grantedBy: actor.id,
  };
  return [
    ...grants.filter((x) => !(x.principalType === p.principalType && x.principalId === p.principalId)),
    g,
  ];
}

export function setVaultGrant(s: StoreCore, actor: UserRec, vault: VaultRec, p: GrantParams): GrantRec {
  checkPrincipal(s, p);
  assertNotTypeAdmin(s, vault, p.principalType, p.principalId, p.access);
  const grants = upsert(vault.grants, actor, p);
  assertKeepsAdmin(vault, grants);
  const userKeys = { ...vault.userKeys };
  // A user connected without access gets the key too: the groups' level then needs no further key.
  const opens = p.access === "connect" || LEVEL_RANK[p.access] >= LEVEL_RANK.read;
  if (s.cse && p.principalType === "user" && opens) {
    if (!p.keyEncrypted && !userKeys[p.principalId])
      throw validationError(
        "keyEncrypted",
        "client-side encryption is on: send the vault key encrypted to the user's public key (GET /api/v1/users/{id}/public-key)",
      );
  }
  if (p.keyEncrypted && p.principalType === "user") userKeys[p.principalId] = p.keyEncrypted;
  s.db.put("vaults", { ...vault, grants, userKeys });
  const had = vault.grants.some(
    (x) => x.principalType === p.principalType && x.principalId === p.principalId,
  );
  s.audit(actor, vaultGrantCode(p.principalType, had ? "changed" : "added"), "vault", vault.id, vault.id, {
    principalType: p.principalType,
    principalId: p.principalId,
    access: p.access,
  });
  return grants[grants.length - 1] as GrantRec;
}

export function revokeVaultGrant(
  s: StoreCore,
  actor: UserRec,
  vault: VaultRec,
  principalType: GrantRec["principalType"],
  principalId: string,
): void {
  assertNotTypeAdmin(s, vault, principalType, principalId, null);
  const grants = vault.grants.filter(
    (x) => !(x.principalType === principalType && x.principalId === principalId),
  );
  assertKeepsAdmin(vault, grants);
  const userKeys = { ...vault.userKeys };
  if (principalType === "user") delete userKeys[principalId];
  s.db.put("vaults", { ...vault, grants, userKeys });
  s.audit(actor, vaultGrantCode(principalType, "removed"), "vault", vault.id, vault.id, {
    principalType,
    principalId,
  });
}

export function setFolderGrant(s: StoreCore, actor: UserRec, folder: FolderRec, p: GrantParams): GrantRec {
  checkPrincipal(s, p);
  assertNotTypeAdmin(s, s.db.get("vaults", folder.vaultId), p.principalType, p.principalId, p.access);
  if (p.keyEncrypted)
    throw validationError("keyEncrypted", "folders have no keys; send keyEncrypted only on vault grants");
  const grants = upsert(folder.grants, actor, p);
  s.db.put("folders", { ...folder, grants });
  s.audit(actor, folderGrantCode(p.principalType), "folder", folder.id, folder.vaultId, {
    principalType: p.principalType,
    principalId: p.principalId,
    access: p.access,
  });
  return grants[grants.length - 1] as GrantRec;
}

export function revokeFolderGrant(
  s: StoreCore,
  actor: UserRec,
  folder: FolderRec,
  principalType: GrantRec["principalType"],
  principalId: string,
): void {
  s.db.put("folders", {
    ...folder,
    grants: folder.grants.filter(
      (x) => !(x.principalType === principalType && x.principalId === principalId),
    ),
  });
  s.audit(actor, folderGrantCode(principalType), "folder", folder.id, folder.vaultId, {
    principalType,
    principalId,
    access: null,
  });
}
