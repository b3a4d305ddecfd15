/** Users (incl. service accounts), groups and roles. Management needs the owner or admin role. */
import type {
  GroupCreateParams,
  GroupUpdateParams,
  UserCreateParams,
  UserUpdateParams,
} from "../../protocol";
import type { StoreCore } from "./core";
import { accessDenied, conflict, notFound, validationError } from "./errors";
import { newObjectId, nowSeconds } from "./ids";
import type { GroupRec, UserRec } from "./model";
import { revokeUserTokens } from "./tokens";

export const MANAGER_ROLES = new Set(["owner", "admin"]);

export function roleCodeOf(s: StoreCore, user: UserRec): string | undefined {
  return s.db.get("roles", user.userRoleId)?.code;
}

export function requireManager(s: StoreCore, actor: UserRec): void {
  if (!MANAGER_ROLES.has(roleCodeOf(s, actor) ?? ""))
    throw accessDenied("user and group management (owner or admin role required)");
}

export function roleByCode(s: StoreCore, code: string) {
  for (const r of s.db.all("roles")) if (r.code === code) return r;
  return undefined;
}

export function userView(s: StoreCore, u: UserRec) {
  const userGroupIds: string[] = [];
  for (const g of s.db.all("groups")) if (g.userIds.includes(u.id)) userGroupIds.push(g.id);
  return {
    id: u.id,
    login: u.login,
    fullName: u.fullName,
    email: u.email,
    isServiceAccount: u.isServiceAccount,
    isBlocked: u.isBlocked,
    userRoleId: u.userRoleId,
    userGroupIds,
  };
}

export const groupView = (g: GroupRec) => ({
  id: g.id,
  name: g.name,
  description: g.description,
  userIds: [...g.userIds],
});

export function getUser(s: StoreCore, id: string): UserRec {
  const u = s.db.get("users", id);
  if (!u) throw notFound("User");
  return u;
}

export function getGroup(s: StoreCore, id: string): GroupRec {
  const g = s.db.get("groups", id);
  if (!g) throw notFound("User group");
  return g;
}

function checkRole(s: StoreCore, roleId: string): void {
  if (!s.db.get("roles", roleId))
    throw validationError("userRoleId", "no such role; list roles with GET /api/v1/user-roles");
}

function checkUsers(s: StoreCore, ids: string[], field: string): void {
  for (const id of ids) if (!s.db.get("users", id)) throw validationError(field, `no such user ${id}`);
}

function setMemberships(s: StoreCore, userId: string, groupIds: string[]): void {
  for (const id of groupIds)
    if (!s.db.get("groups", id)) throw validationError("userGroupIds", `no such group ${id}`);
  for (const g of [...s.db.all("groups")]) {
    const want = groupIds.includes(g.id);
    const has = g.userIds.includes(userId);
    if (want && !has) s.db.put("groups", { ...g, userIds: [...g.userIds, userId] });
    if (!want && has) s.db.put("groups", { ...g, userIds: g.userIds.filter((u) => u !== userId) });
  }
}

/** Creates a user; `actor` null = control endpoint seeding (not audited as a user action). */
export function createUser(s: StoreCore, actor: UserRec | null, p: UserCreateParams): UserRec {
  if (actor) requireManager(s, actor);
  checkRole(s, p.userRoleId);
  for (const u of s.db.all("users"))
    if (u.login === p.login)
      throw conflict("loginTaken", `login: a user with login ${p.login} already exists`);
  // The vendor requires an email for people (its create_user example); service accounts (no public
  // vendor API) may omit it. Control-plane seeding (actor null) is exempt.
  if (actor && !p.isServiceAccount && !p.email)
    throw validationError("email", "required: the user's email address (service accounts may omit it)");
  const user: UserRec = {
    id: newObjectId(),
    login: p.login,
    fullName: p.fullName,
    email: p.email ?? null,
    isServiceAccount: p.isServiceAccount ?? false,
    isBlocked: false,
    userRoleId: p.userRoleId,
    keys: p.keys ?? null,
    masterKeyOptions: p.masterKeyOptions ?? null,
    createdAt: nowSeconds(),
  };
  s.db.put("users", user);
  if (p.userGroupIds) setMemberships(s, user.id, p.userGroupIds);
  if (actor)
    s.audit(actor, "user_created", "user", user.id, null, {
      login: user.login,
      isServiceAccount: user.isServiceAccount,
    });
  return user;
}

export function updateUser(s: StoreCore, actor: UserRec, id: string, p: UserUpdateParams): UserRec {
  requireManager(s, actor);
  const cur = getUser(s, id);
  if (p.userRoleId !== undefined) checkRole(s, p.userRoleId);
  const next: UserRec = {
    ...cur,
    ...(p.fullName !== undefined ? { fullName: p.fullName } : {}),
    ...(p.userRoleId !== undefined ? { userRoleId: p.userRoleId } : {}),
    ...(p.isBlocked !== undefined ? { isBlocked: p.isBlocked } : {}),
  };
  s.db.put("users", next);
  if (p.userGroupIds) setMemberships(s, id, p.userGroupIds);
  s.audit(actor, "user_edited", "user", id, null, { fields: Object.keys(p) });
  return next;
}

/** Removes the user with its grants, memberships, keys and tokens; refuses to orphan a vault. */
export function deleteUser(s: StoreCore, actor: UserRec, id: string): void {
  requireManager(s, actor);
  const user = getUser(s, id);
  for (const v of s.db.all("vaults")) {
    const admins = v.grants.filter((g) => g.principalType === "user" && g.access === "admin");
    if (admins.length === 1 && admins[0]?.principalId === id)
      throw conflict(
        "lastAdministrator",
        `User ${user.login} is the last administrator of vault ${v.name}; grant admin to someone else first`,
      );
  }
  for (const v of [...s.db.all("vaults")]) {
    if (v.grants.some((g) => g.principalType === "user" && g.principalId === id) || v.userKeys[id]) {
      const userKeys = { ...v.userKeys };
      delete userKeys[id];
      s.db.put("vaults", {
        ...v,
        grants: v.grants.filter((g) => !(g.principalType === "user" && g.principalId === id)),
        userKeys,
      });
    }
  }
  for (const f of [...s.db.all("folders")])
    if (f.grants.some((g) => g.principalType === "user" && g.principalId === id))
      s.db.put("folders", {
        ...f,
        grants: f.grants.filter((g) => !(g.principalType === "user" && g.principalId === id)),
      });
  setMemberships(s, id, []);
  revokeUserTokens(s, id);
  s.db.del("users", id);
  s.audit(actor, "user_deleted", "user", id, null, { login: user.login });
}

export function listUsers(
  s: StoreCore,
  q: { login?: string | undefined; isServiceAccount?: boolean | undefined },
): UserRec[] {
  return [...s.db.all("users")].filter(
    (u) =>
      (q.login === undefined || u.login === q.login) &&
      (q.isServiceAccount === undefined || u.isServiceAccount === q.isServiceAccount),
  );
}

export function createGroup(s: StoreCore, actor: UserRec, p: GroupCreateParams): GroupRec {
  requireManager(s, actor);
  if (p.userIds) checkUsers(s, p.userIds, "userIds");
  for (const g of s.db.all("groups"))
    if (g.name === p.name) throw conflict("nameTaken", `name: a group named ${p.name} already exists`);
  const group: GroupRec = {
    id: newObjectId(),
    name: p.name,
    description: p.description ?? null,
    userIds: [...new Set(p.userIds ?? [])],
  };
  s.db.put("groups", group);
  s.audit(actor, "userGroup_created", "group", group.id, null, { name: group.name });
  return group;
}

export function updateGroup(s: StoreCore, actor: UserRec, id: string, p: GroupUpdateParams): GroupRec {
  requireManager(s, actor);
  const cur = getGroup(s, id);
  if (p.userIds) checkUsers(s, p.userIds, "userIds");
  const next: GroupRec = {
    ...cur,
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.userIds !== undefined ? { userIds: [...new Set(p.userIds)] } : {}),
  };
  s.db.put("groups", next);
  s.audit(actor, "userGroup_edited", "group", id, null, { fields: Object.keys(p) });
  return next;
}

export function deleteGroup(s: StoreCore, actor: UserRec, id: string): void {
  requireManager(s, actor);
  getGroup(s, id);
  for (const v of [...s.db.all("vaults")])
    if (v.grants.some((g) => g.principalType === "group" && g.principalId === id))
      s.db.put("vaults", {
        ...v,
        grants: v.grants.filter((g) => !(g.principalType === "group" && g.principalId === id)),
      });
  for (const f of [...s.db.all("folders")])
    if (f.grants.some((g) => g.principalType === "group" && g.principalId === id))
      s.db.put("folders", {
        ...f,
        grants: f.grants.filter((g) => !(g.principalType === "group" && g.principalId === id)),
      });
  s.db.del("groups", id);
  s.audit(actor, "userGroup_deleted", "group", id);
}
