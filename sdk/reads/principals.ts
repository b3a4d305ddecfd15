/** Identity lookups by login / name / code, for the sdk's getUser, getGroup, getServiceAccount, getRole. */
import { principals, type PassworkClient } from "../../provider/client";

export interface UserInfo {
  id: string;
  login: string;
  fullName: string;
  isServiceAccount: boolean;
  roleId: string;
  groupIds: string[];
}
export interface GroupInfo {
  id: string;
  name: string;
  description: string;
  memberIds: string[];
}
export interface RoleInfo {
  id: string;
  code: string;
  name: string;
}

async function userByLogin(c: PassworkClient, login: string, serviceAccount: boolean): Promise<UserInfo> {
  const found = (
    await principals.users.list(c, { login, ...(serviceAccount ? { isServiceAccount: true } : {}) })
  ).filter((u) => u.login === login && (!serviceAccount || u.isServiceAccount));
  const what = serviceAccount ? "service account" : "user";
  if (found.length === 0)
    throw new Error(
      `no ${what} with login "${login}" is visible to the provider's token; check the login${serviceAccount ? " (or use getUser for people)" : ""}`,
    );
  const u = found[0]!;
  return {
    id: u.id,
    login: u.login,
    fullName: u.fullName,
    isServiceAccount: u.isServiceAccount,
    roleId: u.userRoleId,
    groupIds: [...u.userGroupIds].sort(),
  };
}

export const lookupUser = (c: PassworkClient, login: string) => userByLogin(c, login, false);
export const lookupServiceAccount = (c: PassworkClient, login: string) => userByLogin(c, login, true);

export async function lookupGroup(c: PassworkClient, name: string): Promise<GroupInfo> {
  const found = (await principals.groups.list(c, { name })).filter((g) => g.name === name);
  if (found.length === 0)
    throw new Error(`no group named "${name}" is visible to the provider's token; check the name`);
  if (found.length > 1)
    throw new Error(`${found.length} groups are named "${name}"; look it up by id instead`);
  const g = found[0]!;
  return { id: g.id, name: g.name, description: g.description ?? "", memberIds: [...g.userIds].sort() };
}

export async function lookupRole(c: PassworkClient, code: string): Promise<RoleInfo> {
  const roles = await principals.roles.list(c);
  const r = roles.find((x) => x.code === code);
  if (!r) throw new Error(`no role with code "${code}"; known codes: ${roles.map((x) => x.code).join(", ")}`);
  return { id: r.id, code: r.code, name: r.name };
}
