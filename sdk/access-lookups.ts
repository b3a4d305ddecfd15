/**
 * Identity lookups: plain async functions run in the program process with the provider's settings
 * (stack config `passwork:*`, then PASSWORK_* environment variables). They return ids to pass as a
 * grant's `principal`; nothing they return is secret.
 */
import { principalReads, withServerClient } from "./on-demand";
import type { GroupInfo, RoleInfo, UserInfo } from "./reads/principals";

export type { GroupInfo, RoleInfo, UserInfo };

/** A person by login, e.g. `(await getUser({ login: "alice" })).id` → `principal: { userId }`. */
export function getUser(args: { login: string }): Promise<UserInfo> {
  return withServerClient((c) => principalReads().lookupUser(c, args.login));
}

/** A group by its exact name → `principal: { groupId }`. */
export function getGroup(args: { name: string }): Promise<GroupInfo> {
  return withServerClient((c) => principalReads().lookupGroup(c, args.name));
}

/** A service account by login → `principal: { serviceAccountId }`. Fails for a person's login. */
export function getServiceAccount(args: { login: string }): Promise<UserInfo> {
  return withServerClient((c) => principalReads().lookupServiceAccount(c, args.login));
}

/** A system role by code (`user`, `admin`, `owner`, …), e.g. for ServiceAccount `role`. */
export function getRole(args: { code: string }): Promise<RoleInfo> {
  return withServerClient((c) => principalReads().lookupRole(c, args.code));
}
