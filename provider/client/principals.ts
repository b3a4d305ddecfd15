/** Users (incl. service accounts and `me`), groups and roles (reference/passwork-access-api.md). */
import { memo } from "./cache";
import type { PassworkClient } from "./core";
import { path } from "./path";
import {
  GroupSchema,
  RoleSchema,
  UserSchema,
  type Group,
  type GroupCreateParams,
  type GroupUpdateParams,
  type Role,
  type User,
  type UserCreateParams,
  type UserUpdateParams,
} from "../../protocol/access";
import { EmptyResponseSchema, IdResponseSchema, listOf } from "../../protocol/common";

/** The identity behind the access token (GET /users/info); cached per client. */
export function me(c: PassworkClient): Promise<User> {
  return memo(c, "me", () => c.get(path`/users/info`, UserSchema));
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
      await c.get(path`/users`, listOf(UserSchema), {
        login: filter.login,
        isServiceAccount: filter.isServiceAccount,
      })
    ).items;
  },
  get(c: PassworkClient, id: string): Promise<User> {
    return memo(c, `user:${id}`, () => c.get(path`/users/${id}`, UserSchema));
  },
  async create(c: PassworkClient, params: UserCreateParams): Promise<string> {
    return changing(c, async () => (await c.post(path`/users`, params, IdResponseSchema)).id);
  },
  update(c: PassworkClient, id: string, params: UserUpdateParams): Promise<User> {
    return changing(c, () => c.post(path`/users/${id}`, params, UserSchema));
  },
  async remove(c: PassworkClient, id: string): Promise<void> {
    await changing(c, () => c.delete(path`/users/${id}`, EmptyResponseSchema));
  },
};

export const groups = {
  list(c: PassworkClient, filter: { name?: string | undefined } = {}): Promise<Group[]> {
    return memo(
      c,
      `groups:${filter.name ?? ""}`,
      async () => (await c.get(path`/user-groups`, listOf(GroupSchema), { name: filter.name })).items,
    ).then((g) => [...g]);
  },
  get(c: PassworkClient, id: string): Promise<Group> {
    return c.get(path`/user-groups/${id}`, GroupSchema);
  },
  async create(c: PassworkClient, params: GroupCreateParams): Promise<string> {
    return changing(c, async () => (await c.post(path`/user-groups`, params, IdResponseSchema)).id);
  },
  update(c: PassworkClient, id: string, params: GroupUpdateParams): Promise<Group> {
    return changing(c, () => c.post(path`/user-groups/${id}`, params, GroupSchema));
  },
  async remove(c: PassworkClient, id: string): Promise<void> {
    await changing(c, () => c.delete(path`/user-groups/${id}`, EmptyResponseSchema));
  },
};

export const roles = {
  async list(c: PassworkClient): Promise<Role[]> {
    return (await c.get(path`/user-roles`, listOf(RoleSchema))).items;
  },
};
