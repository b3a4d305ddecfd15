/** Users (incl. service accounts and `me`), groups and roles, through the access table (protocol/access-protocol.ts). */
import { callAccess } from "./access-protocol";
import { memo } from "./cache";
import type { PassworkClient } from "./core";
import type {
  Group,
  GroupCreateParams,
  GroupUpdateParams,
  Role,
  User,
  UserCreateParams,
  UserUpdateParams,
} from "../../protocol/access";

/** The identity behind the access token (GET /users/info); cached per client. */
export function me(c: PassworkClient): Promise<User> {
  return memo(c, "me", () => callAccess(c, "me"));
}

/**
 * Users and groups change rarely while one `pulumi` operation runs, and every grant's guards look them
 * up again: `users.get` and `groups.list` are cached for the process (per client). Any principal write
 * through this client forgets them all (group membership shows on users too).
 */
function forgetPrincipals(c: PassworkClient): void {
  for (const key of [...c.cache.keys()])
    if (key.startsWith("user:") || key.startsWith("groups:")) c.cache.delete(key);
}

async function changing<T>(c: PassworkClient, write: () => Promise<T>): Promise<T> {
  forgetPrincipals(c);
  try {
    return await write();
  } finally {
    forgetPrincipals(c);
  }
}

export const users = {
  async list(
    c: PassworkClient,
    filter: { login?: string | undefined; isServiceAccount?: boolean | undefined } = {},
  ): Promise<User[]> {
    return (
      await callAccess(c, "listUsers", {
        query: { login: filter.login, isServiceAccount: filter.isServiceAccount },
      })
    ).items;
  },
  get(c: PassworkClient, id: string): Promise<User> {
    return memo(c, `user:${id}`, () => callAccess(c, "getUser", { params: { id } }));
  },
  async create(c: PassworkClient, params: UserCreateParams): Promise<string> {
    return changing(c, async () => (await callAccess(c, "createUser", { body: params })).id);
  },
  update(c: PassworkClient, id: string, params: UserUpdateParams): Promise<User> {
    return changing(c, () => callAccess(c, "updateUser", { params: { id }, body: params }));
  },
  async remove(c: PassworkClient, id: string): Promise<void> {
    await changing(c, () => callAccess(c, "deleteUser", { params: { id } }));
  },
};

export const groups = {
  list(c: PassworkClient, filter: { name?: string | undefined } = {}): Promise<Group[]> {
    return memo(
      c,
      `groups:${filter.name ?? ""}`,
      async () => (await callAccess(c, "listGroups", { query: { name: filter.name } })).items,
    ).then((g) => [...g]);
  },
  get(c: PassworkClient, id: string): Promise<Group> {
    return callAccess(c, "getGroup", { params: { id } });
  },
  async create(c: PassworkClient, params: GroupCreateParams): Promise<string> {
    return changing(c, async () => (await callAccess(c, "createGroup", { body: params })).id);
  },
  update(c: PassworkClient, id: string, params: GroupUpdateParams): Promise<Group> {
    return changing(c, () => callAccess(c, "updateGroup", { params: { id }, body: params }));
  },
  async remove(c: PassworkClient, id: string): Promise<void> {
    await changing(c, () => callAccess(c, "deleteGroup", { params: { id } }));
  },
};

export const roles = {
  async list(c: PassworkClient): Promise<Role[]> {
    return (await callAccess(c, "listRoles")).items;
  },
};
