/**
 * The handlers of the access/identity table (protocol/access-protocol.ts), plus the activity log.
 * Paths come from the table (emulator/routes.ts); levels cross the wire as the table's codes: request
 * bodies are parsed with the table's schemas (code → level) and answers carry `withLevelCode`.
 */
import { z } from "zod";
import {
  AccessLevel,
  GrantParams,
  GroupCreateParams,
  GroupUpdateParams,
  ObjectId,
  PrincipalType,
  UserCreateParams,
  UserUpdateParams,
  levelCode,
  withLevelCode,
} from "../../protocol";
import { actorOf, ok, one, parse, type Handler } from "./context";

type Kind = "vault" | "folder";
/** The store answers effective access as a plain string; it is one of our levels. */
const codeOf = (access: string): string => levelCode(AccessLevel.parse(access));

export const listGrants =
  (kind: Kind): Handler =>
  (c) =>
    ok({ items: c.store.listGrants(actorOf(c), kind, c.params.id as string).map(withLevelCode) });
export const setGrant =
  (kind: Kind): Handler =>
  (c) =>
    ok(withLevelCode(c.store.setGrant(actorOf(c), kind, c.params.id as string, parse(GrantParams, c.body))));
export const revokeGrant =
  (kind: Kind): Handler =>
  (c) => {
    const principalType = parse(PrincipalType, c.params.principalType, "principalType");
    const principalId = parse(ObjectId, c.params.principalId, "principalId");
    return ok(c.store.revokeGrant(actorOf(c), kind, c.params.id as string, principalType, principalId));
  };

const EffectiveQuery = z.object({
  principalType: PrincipalType.optional(),
  principalId: ObjectId.optional(),
});
export const effective: Handler = (c) => {
  const q = parse(EffectiveQuery, {
    principalType: one(c.query, "principalType"),
    principalId: one(c.query, "principalId"),
  });
  if ((q.principalType === undefined) !== (q.principalId === undefined))
    return parse(z.never(), undefined, q.principalType ? "principalId" : "principalType");
  const principal =
    q.principalType && q.principalId
      ? { principalType: q.principalType, principalId: q.principalId }
      : undefined;
  const entries = c.store.effectiveAccess(actorOf(c), c.params.id as string, principal);
  return ok({ items: entries.map((e) => ({ ...e, access: codeOf(e.access) })) });
};

const boolParam = z.enum(["1", "0", "true", "false"]).transform((v) => v === "1" || v === "true");
const UsersQuery = z.object({ login: z.string().optional(), isServiceAccount: boolParam.optional() });
export const listUsers: Handler = (c) => {
  actorOf(c);
  const q = parse(UsersQuery, {
    login: one(c.query, "login"),
    isServiceAccount: one(c.query, "isServiceAccount"),
  });
  return ok({ items: c.store.listUsers(q) });
};
export const me: Handler = (c) => ok(c.store.me(actorOf(c)));
export const getUser: Handler = (c) => {
  actorOf(c);
  return ok(c.store.getUser(c.params.id as string));
};
export const createUser: Handler = (c) =>
  ok({ id: c.store.createUser(actorOf(c), parse(UserCreateParams, c.body)) });
export const updateUser: Handler = (c) =>
  ok(c.store.updateUser(actorOf(c), c.params.id as string, parse(UserUpdateParams, c.body)));
export const deleteUser: Handler = (c) => ok(c.store.deleteUser(actorOf(c), c.params.id as string));

export const listGroups: Handler = (c) => {
  actorOf(c);
  return ok({ items: c.store.listGroups(one(c.query, "name")) });
};
export const getGroup: Handler = (c) => {
  actorOf(c);
  return ok(c.store.getGroup(c.params.id as string));
};
export const createGroup: Handler = (c) =>
  ok({ id: c.store.createGroup(actorOf(c), parse(GroupCreateParams, c.body)) });
export const updateGroup: Handler = (c) =>
  ok(c.store.updateGroup(actorOf(c), c.params.id as string, parse(GroupUpdateParams, c.body)));
export const deleteGroup: Handler = (c) => ok(c.store.deleteGroup(actorOf(c), c.params.id as string));
/** `?includeUserRole=1&isOnlyManageable=1` as the vendor's create_user example sends them. */
const RolesQuery = z.object({
  includeUserRole: boolParam.optional(),
  isOnlyManageable: boolParam.optional(),
});
export const roles: Handler = (c) => {
  const q = parse(RolesQuery, {
    includeUserRole: one(c.query, "includeUserRole"),
    isOnlyManageable: one(c.query, "isOnlyManageable"),
  });
  return ok({ items: c.store.roles(actorOf(c), q) });
};

const num = z.coerce.number().int().nonnegative();
const ActivityQuery = z.object({
  objectId: ObjectId.optional(),
  userId: ObjectId.optional(),
  action: z.string().optional(),
  from: num.optional(),
  to: num.optional(),
  page: num.min(1).default(1),
  perPage: num.min(1).max(1000).default(100),
});
export const activity: Handler = (c) => {
  const raw: Record<string, string | undefined> = {};
  for (const k of ["objectId", "userId", "action", "from", "to", "page", "perPage"]) raw[k] = one(c.query, k);
  return ok(c.store.activity(actorOf(c), parse(ActivityQuery, raw)));
};
