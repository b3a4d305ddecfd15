/**
 * Identity lookups: plain async functions run in the program process with the provider's settings
 * (stack config `passwork:*`, then PASSWORK_* environment variables). They return ids to pass as a
 * grant's `principal`; nothing they return is secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { PassworkClient } from "../provider/client";
import { resolveSettings } from "../provider/config";
import { lookupGroup, lookupRole, lookupServiceAccount, lookupUser, type GroupInfo, type RoleInfo, type UserInfo } from "../provider/access/lookups";

export type { GroupInfo, RoleInfo, UserInfo };

/** Runs `fn` with a client built from the program's settings and closes it afterwards. */
export async function withProgramClient<T>(fn: (c: PassworkClient) => Promise<T>): Promise<T> {
  // Raw getter: no "use getSecret" warning; the token leaves this process only towards the Passwork host.
  const s = resolveSettings((key) => pulumi.runtime.getConfig(`passwork:${key}`));
  const client = new PassworkClient({
    host: s.host,
    accessToken: s.accessToken,
    refreshToken: s.refreshToken,
    masterKey: s.masterKey,
    caCertPath: s.caCertPath,
    insecureSkipVerify: s.insecureSkipVerify,
    ...(s.refreshMode ? { refreshMode: s.refreshMode } : {}),
  });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** A person by login, e.g. `(await getUser({ login: "alice" })).id` → `principal: { userId }`. */
export function getUser(args: { login: string }): Promise<UserInfo> {
  return withProgramClient((c) => lookupUser(c, args.login));
}

/** A group by its exact name → `principal: { groupId }`. */
export function getGroup(args: { name: string }): Promise<GroupInfo> {
  return withProgramClient((c) => lookupGroup(c, args.name));
}

/** A service account by login → `principal: { serviceAccountId }`. Fails for a person's login. */
export function getServiceAccount(args: { login: string }): Promise<UserInfo> {
  return withProgramClient((c) => lookupServiceAccount(c, args.login));
}

/** A system role by code (`user`, `admin`, `owner`, …), e.g. for ServiceAccount `role`. */
export function getRole(args: { code: string }): Promise<RoleInfo> {
  return withProgramClient((c) => lookupRole(c, args.code));
}
