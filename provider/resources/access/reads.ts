/**
 * Reads what the pure access logic (provider/access/) needs from Passwork through the client: the
 * directory tree of a vault, direct grants on directories, principals and the provider's own identity.
 * Also used by the effective-access report (sdk/review/effective-report.ts).
 */
import {
  access,
  folders,
  principals,
  vaults,
  vaultTypes,
  type DirectoryKind,
  type PassworkClient,
} from "../../client";
import type { Identity } from "../../access/guardrails";
import { DirectoryTree, type DirectGrant, type Directory, type PrincipalInfo } from "../../access/model";

export interface VaultView {
  vaultId: string;
  vaultName: string;
  /** The vault's type, when the read that built the view carried it (undefined: not read). */
  typeId?: string | null;
  /** Client-side encrypted (the vault read carried the caller's wrapped key); undefined: not read. */
  encrypted?: boolean;
  tree: DirectoryTree;
}

/** The vault holding `kind`/`id` and all its folders. NotFoundError propagates (the caller decides "gone"). */
export async function loadVaultTree(c: PassworkClient, kind: DirectoryKind, id: string): Promise<VaultView> {
  const vaultId = kind === "vault" ? id : (await folders.get(c, id)).vaultId;
  const [vault, list] = await Promise.all([vaults.get(c, vaultId), folders.list(c, vaultId)]);
  const dirs: Directory[] = [{ id: vault.id, kind: "vault", name: vault.name, parentId: null }];
  for (const f of list)
    dirs.push({ id: f.id, kind: "folder", name: f.name, parentId: f.parentFolderId ?? vault.id });
  return {
    vaultId,
    vaultName: vault.name,
    typeId: vault.typeId,
    encrypted: vault.masterKeyEncrypted !== null,
    tree: new DirectoryTree(dirs),
  };
}

/**
 * The directory, its parent folders and its vault (all a guard needs), from the folder's breadcrumb:
 * one coalesced read, remembered for the process (forgotten on our own rename/move/remove). Falls back
 * to the whole vault tree when the server sends no breadcrumb or one that does not end at the parent.
 */
export async function loadWalk(c: PassworkClient, kind: DirectoryKind, id: string): Promise<VaultView> {
  if (kind === "vault") {
    const vault = await vaults.getCached(c, id);
    return {
      vaultId: id,
      vaultName: vault.name,
      tree: new DirectoryTree([{ id, kind: "vault", name: vault.name, parentId: null }]),
    };
  }
  const f = await folders.readCached(c, id);
  const crumbs = f.path ?? [];
  const vaultEntry = crumbs[0];
  const ancestors = crumbs.slice(1);
  const consistent =
    vaultEntry !== undefined &&
    vaultEntry.folderId === null &&
    ancestors.every((a) => a.folderId !== null) &&
    (ancestors.at(-1)?.folderId ?? null) === (f.parentFolderId ?? null);
  if (!consistent) return loadVaultTree(c, kind, id);
  const dirs: Directory[] = [{ id: f.vaultId, kind: "vault", name: vaultEntry.name, parentId: null }];
  let parentId = f.vaultId;
  for (const a of ancestors) {
    dirs.push({ id: a.folderId as string, kind: "folder", name: a.name, parentId });
    parentId = a.folderId as string;
  }
  dirs.push({ id: f.id, kind: "folder", name: f.name, parentId });
  return { vaultId: f.vaultId, vaultName: vaultEntry.name, tree: new DirectoryTree(dirs) };
}

export async function grantsOn(c: PassworkClient, dir: Directory, cached = false): Promise<DirectGrant[]> {
  const items = await (cached ? access.listGrantsCached : access.listGrants)(c, dir.kind, dir.id);
  return items.map((g) => ({
    directoryId: dir.id,
    principalType: g.principalType,
    principalId: g.principalId,
    level: g.access,
  }));
}

/** Direct grants on every given directory (a walk or a subtree), a few requests at a time. */
export async function grantsOnAll(
  c: PassworkClient,
  dirs: readonly Directory[],
  cached = false,
): Promise<DirectGrant[]> {
  return (await grantsOnAllWith(c, dirs, cached, async () => undefined)).grants;
}

/**
 * `grantsOnAll`, with one more coalesced read started beside the last group of grant reads (a group
 * holds fewer than a full /batch window there, so the extra read rides in it instead of costing a
 * request of its own).
 */
export async function grantsOnAllWith<T>(
  c: PassworkClient,
  dirs: readonly Directory[],
  cached: boolean,
  alongside: () => Promise<T>,
): Promise<{ grants: DirectGrant[]; extra: T }> {
  const out: DirectGrant[] = [];
  let extra: Promise<T> | undefined;
  for (let i = 0; i < dirs.length || extra === undefined; i += 8) {
    const last = i + 8 >= dirs.length;
    const reads = dirs.slice(i, i + 8).map((d) => grantsOn(c, d, cached));
    if (last) extra = alongside();
    const batch = await Promise.all(reads);
    for (const b of batch) out.push(...b);
  }
  return { grants: out, extra: await (extra as Promise<T>) };
}

/** Every user, service account and group, as report principals. */
export async function loadPrincipals(c: PassworkClient): Promise<PrincipalInfo[]> {
  const [users, groups] = await Promise.all([principals.users.list(c), principals.groups.list(c)]);
  const memberOf = new Map<string, Set<string>>();
  const add = (userId: string, groupId: string): void => {
    const set = memberOf.get(userId) ?? new Set<string>();
    set.add(groupId);
    memberOf.set(userId, set);
  };
  for (const g of groups) for (const u of g.userIds) add(u, g.id);
  for (const u of users) for (const g of u.userGroupIds) add(u.id, g);
  return [
    ...users.map((u) => ({
      type: "user" as const,
      id: u.id,
      kind: u.isServiceAccount ? ("serviceAccount" as const) : ("user" as const),
      name: u.login,
      groupIds: [...(memberOf.get(u.id) ?? [])].sort(),
    })),
    ...groups.map((g) => ({
      type: "group" as const,
      id: g.id,
      kind: "group" as const,
      name: g.name,
      groupIds: [],
    })),
  ];
}

/** The identity behind the provider's token, with its groups (for the lockout guard). */
export async function selfIdentity(c: PassworkClient): Promise<Identity> {
  const me = await principals.me(c);
  let groupIds = me.userGroupIds;
  if (groupIds.length === 0) {
    // Some servers fill membership only on the group side.
    groupIds = (await principals.groups.list(c)).filter((g) => g.userIds.includes(me.id)).map((g) => g.id);
  }
  return { id: me.id, login: me.login, groupIds };
}

/** A name lookup for messages that falls back to the id when a principal is not readable. */
export async function principalNames(
  c: PassworkClient,
  wanted: readonly { principalType: "user" | "group"; principalId: string }[],
) {
  const names = new Map<string, string>();
  await Promise.all(
    [...new Map(wanted.map((w) => [`${w.principalType}:${w.principalId}`, w])).values()].map(async (w) => {
      try {
        const name =
          w.principalType === "user"
            ? (await principals.users.get(c, w.principalId)).login
            : (await principals.groups.get(c, w.principalId)).name;
        names.set(`${w.principalType}:${w.principalId}`, name);
      } catch {
        // Names only decorate messages; an unreadable principal is shown by id.
      }
    }),
  );
  return (type: "user" | "group", id: string): string => names.get(`${type}:${id}`) ?? id;
}

/**
 * The user ids of the administrators of the vault's type (GET /vault-types/{id}/administrators, a
 * published endpoint): Passwork makes them administrators of every vault of the type, for good.
 * Empty for a vault without a type. Both reads are remembered for the process.
 */
export async function vaultTypeAdministratorIds(
  c: PassworkClient,
  vaultId: string,
  knownTypeId?: string | null,
): Promise<string[]> {
  const typeId = knownTypeId !== undefined ? knownTypeId : (await vaults.getCached(c, vaultId)).typeId;
  if (typeId === null) return [];
  return (await vaultTypes.administratorsCached(c, typeId)).map((a) => a.id);
}
