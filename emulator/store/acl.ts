/**
 * Effective access (shared/reference/passwork-access-api.md): walk from the directory up to the vault;
 * the nearest direct user grant with a level decides; otherwise the highest group grant at the nearest
 * directory that has any grant for one of the user's groups; nothing found = no access (invisible).
 * A `connect` grant ("Connect without access") makes the user a direct member with no level of its own:
 * it never decides, the walk goes on past it.
 */
import type { AccessLevel } from "../../protocol";
import type { StoreCore } from "./core";
import { accessDenied } from "./errors";
import type { FolderRec, GrantRec, PrincipalKind, UserRec, VaultRec } from "./model";

export const LEVEL_RANK: Record<AccessLevel, number> = { forbidden: 0, read: 1, edit: 2, full: 3, admin: 4 };
export const LEVEL_NAME: Record<AccessLevel, string> = {
  forbidden: "Forbidden",
  read: "Read only",
  edit: "Read and edit",
  full: "Full access",
  admin: "Administrator",
};

export interface DirRef {
  id: string;
  vaultId: string;
  grants: GrantRec[];
}

export interface Effective {
  access: AccessLevel;
  source: { directoryId: string; principalType: PrincipalKind; principalId: string };
}

/** The directory and its ancestors up to the vault (nearest first). */
export function chainOf(s: StoreCore, dir: FolderRec | VaultRec): DirRef[] {
  const out: DirRef[] = [];
  let cur: FolderRec | undefined = "vaultId" in dir ? dir : undefined;
  const vaultId = "vaultId" in dir ? dir.vaultId : dir.id;
  let guard = 0;
  while (cur && guard++ < 1000) {
    out.push({ id: cur.id, vaultId, grants: cur.grants });
    cur = cur.parentFolderId ? s.db.get("folders", cur.parentFolderId) : undefined;
  }
  const vault = s.db.get("vaults", vaultId);
  if (vault) out.push({ id: vault.id, vaultId, grants: vault.grants });
  return out;
}

export function groupIdsOf(s: StoreCore, userId: string): Set<string> {
  const ids = new Set<string>();
  for (const g of s.db.all("groups")) if (g.userIds.includes(userId)) ids.add(g.id);
  return ids;
}

/**
 * Vault-type administrators: for the `company` type, every active owner/admin-role user who is not a
 * service account. The vendor's docs: they are added to every vault of the type and "cannot be removed
 * or demoted". Private vaults (`privateShared`) have none (our assumption, docs/emulator.md).
 */
export const TYPE_ADMIN_ROLES = new Set(["owner", "admin"]);
export function isTypeAdministrator(s: StoreCore, user: UserRec, typeId: string | null): boolean {
  if (!typeId || user.isServiceAccount || user.isBlocked) return false;
  if (s.db.get("vaultTypes", typeId)?.code !== "company") return false;
  return TYPE_ADMIN_ROLES.has(s.db.get("roles", user.userRoleId)?.code ?? "");
}

export function effectiveFor(
  s: StoreCore,
  user: UserRec,
  chain: DirRef[],
  groups = groupIdsOf(s, user.id),
): Effective | null {
  const top = chain[chain.length - 1];
  const vault = top && s.db.get("vaults", top.vaultId);
  if (vault && isTypeAdministrator(s, user, vault.typeId))
    return {
      access: "admin",
      source: { directoryId: vault.id, principalType: "user", principalId: user.id },
    };
  for (const d of chain) {
    const direct = d.grants.find((g) => g.principalType === "user" && g.principalId === user.id);
    if (direct && direct.access !== "connect")
      return {
        access: direct.access,
        source: { directoryId: d.id, principalType: "user", principalId: user.id },
      };
  }
  for (const d of chain) {
    let best: (GrantRec & { access: AccessLevel }) | undefined;
    for (const g of d.grants) {
      if (g.principalType !== "group" || !groups.has(g.principalId) || g.access === "connect") continue;
      if (!best || LEVEL_RANK[g.access] > LEVEL_RANK[best.access]) best = { ...g, access: g.access };
    }
    if (best)
      return {
        access: best.access,
        source: { directoryId: d.id, principalType: "group", principalId: best.principalId },
      };
  }
  return null;
}

/** A group's own effective grant (nearest group grant on the walk). */
export function effectiveForGroup(chain: DirRef[], groupId: string): Effective | null {
  for (const d of chain) {
    const g = d.grants.find((x) => x.principalType === "group" && x.principalId === groupId);
    // `connect` is never stored for a group (grants.ts refuses it); the check narrows the type.
    if (g && g.access !== "connect")
      return {
        access: g.access,
        source: { directoryId: d.id, principalType: "group", principalId: groupId },
      };
  }
  return null;
}

/** Numeric level: -1 none, 0 forbidden … 4 admin. A level held back for a request for connection is none. */
export function rankOf(s: StoreCore, user: UserRec, dir: FolderRec | VaultRec): number {
  const chain = chainOf(s, dir);
  const e = effectiveFor(s, user, chain);
  if (!e || awaitsVaultKey(s, user, e, chain)) return -1;
  return LEVEL_RANK[e.access];
}

/**
 * Client-side encryption: a level that comes through a group is usable only once the user holds a copy
 * of the vault key; until then the user has a pending request for connection (connection-requests.ts).
 */
export function awaitsVaultKey(s: StoreCore, user: UserRec, e: Effective, chain: DirRef[]): boolean {
  if (!s.cse || e.source.principalType !== "group" || LEVEL_RANK[e.access] < LEVEL_RANK.read) return false;
  const top = chain[chain.length - 1];
  const vault = top && s.db.get("vaults", top.vaultId);
  return vault !== undefined && !vault.userKeys[user.id];
}

export function canSee(s: StoreCore, user: UserRec, dir: FolderRec | VaultRec): boolean {
  return rankOf(s, user, dir) >= LEVEL_RANK.read;
}

/** Throws 403 accessDenied unless the caller has at least `min` on the directory. */
export function requireLevel(
  s: StoreCore,
  user: UserRec,
  dir: FolderRec | VaultRec,
  min: AccessLevel,
  what: string,
): void {
  if (rankOf(s, user, dir) < LEVEL_RANK[min]) throw accessDenied(what);
}

/** Capability strings as the vendor's vault responses carry them, cut down to the caller's level. */
const CAPABILITIES: [string, AccessLevel][] = [
  ["directory:read", "read"],
  ["directory:edit", "edit"],
  ["directory:copy", "read"],
  ["directory:move", "full"],
  ["directory:delete", "edit"],
  ["directory:export", "full"],
  ["directory:activityLog:read", "full"],
  ["directory:security:analyse", "full"],
  ["directory:access:read", "full"],
  ["directory:access:manage", "admin"],
  ["vault:delete", "admin"],
  ["vault:leave", "admin"],
  ["object:createAndImport", "edit"],
  ["item:read", "read"],
  ["item:edit", "edit"],
  ["item:delete", "edit"],
  ["item:move", "full"],
  ["item:copy", "read"],
  ["item:snapshot:read", "full"],
  ["item:activityLog:read", "full"],
  ["shortcut:create", "read"],
  ["inboxItem:createForReading", "read"],
  ["inboxItem:createForEditing", "edit"],
  ["link:create", "edit"],
  ["item:additionalAccess:read", "full"],
  ["item:additionalAccess:manage", "admin"],
  ["bin:manage", "full"],
];

export function permissionsFor(rank: number): string[] {
  return CAPABILITIES.filter(([, lvl]) => rank >= LEVEL_RANK[lvl] && rank > 0).map(([c]) => c);
}
