/**
 * Requests for connection (client-side encryption; docs/access-protocol.md): a user who reaches a vault
 * through a group cannot use it until a vault administrator approves, supplying the vault key wrapped for
 * the user. A declared access change that puts users behind such a request — a Group's members, a group
 * grant of at least `read` through VaultAccess / FolderAccess / AccessPolicy — approves the requests of
 * its own users or group, on the vaults the provider's identity administers (the only ones the server
 * lists to it), so that the declared access works after `up`.
 *
 * Only with a master key configured: without one the provider cannot wrap vault keys, and a server
 * without client-side encryption costs no extra request. `passwork:connectionRequests = leave` leaves
 * every request to a human in Passwork's Access settings.
 */
import { connectionRequests, type PassworkClient } from "../../client";
import type { ProviderSettings } from "../../settings/schema";
import { levelRank, type GrantLevel } from "../../access/levels";
import { describe } from "../common";

/** What a change may have put behind a request: the group, and where known its members or the vault. */
export interface RequestCause {
  userGroupId: string;
  /** Approve only these users' requests (a Group's declared members). */
  userIds?: readonly string[];
  /** Approve only in this vault (a grant's vault). */
  vaultId?: string;
}

/** Whether a grant of `level` to a group can put its members behind a request (any level that reads). */
export function connectsMembers(principalType: "user" | "group", level: GrantLevel | undefined): boolean {
  return (
    principalType === "group" &&
    level !== undefined &&
    level !== "connect" &&
    levelRank(level) >= levelRank("read")
  );
}

/**
 * Approves the pending requests `cause` accounts for; returns how many. Nothing is sent with
 * `connectionRequests: leave` or without a master key. A user without keys is skipped with a warning.
 */
export async function approveCausedRequests(
  c: PassworkClient,
  settings: Pick<ProviderSettings, "connectionRequests">,
  cause: RequestCause,
): Promise<number> {
  if (settings.connectionRequests === "leave" || !c.hasMasterKey) return 0;
  const users = cause.userIds ? new Set(cause.userIds) : undefined;
  const mine = (await connectionRequests.list(c, { userGroupId: cause.userGroupId })).filter(
    (r) =>
      (users === undefined || users.has(r.userId)) &&
      (cause.vaultId === undefined || r.vaultId === cause.vaultId),
  );
  let approved = 0;
  for (const r of mine) {
    try {
      await connectionRequests.approve(c, r.vaultId, r.userId);
      approved += 1;
    } catch (err) {
      // Nobody can approve for a user without keys (e.g. a service account created without them): the
      // request stays, and the up goes on.
      if (err instanceof connectionRequests.UserWithoutKeysError) {
        console.warn(
          `passwork: the request for connection of user ${r.userId} to vault ${r.vaultId} (through group ${cause.userGroupId}) stays pending: ${err.message}`,
        );
        continue;
      }
      throw new Error(
        `user ${r.userId} reaches vault ${r.vaultId} through group ${cause.userGroupId} and waits for a request for ` +
          `connection (client-side encryption) that the provider could not approve: ${describe(err)}. Approve it in ` +
          `Passwork (the vault's Access settings, "Users, Groups and Requests"), or set passwork:connectionRequests ` +
          `to leave to always leave it to a vault administrator.`,
        { cause: err },
      );
    }
  }
  return approved;
}
