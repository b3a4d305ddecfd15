/**
 * Requests for connection under client-side encryption. The vendor's user guide (vault access rights):
 * "If client-side encryption is enabled in your Passwork, when adding a new user to the group, the vault
 * administrator will need to confirm the request in the corresponding tab of Access settings". A user
 * whose level in a vault (or a folder of it) comes through a group, and who holds no copy of the vault
 * key (`vault.userKeys`), cannot use that vault (acl.ts `awaitsVaultKey`: its folders and items answer
 * 403) until a vault administrator approves: the approval supplies the vault key wrapped for the user's
 * public key. The vault itself stays visible to them, with no key and no permissions (vaults.ts).
 *
 * Requests are derived from the grants, the groups and the keys, never stored: they appear and
 * disappear with any order of membership and grant changes (a user who leaves the group, a revoked
 * group grant, a key given by a direct grant). Without client-side encryption there are none.
 * The endpoints are ours (protocol/access-protocol.ts); the product shows requests only in its UI.
 */
import type { ConnectionApprovalParams } from "../../protocol";
import type { StoreCore } from "./core";
import { LEVEL_RANK, awaitsVaultKey, chainOf, effectiveFor, groupIdsOf, rankOf } from "./acl";
import { accessDenied, notFound, validationError } from "./errors";
import type { FolderRec, UserRec, VaultRec } from "./model";

export interface ConnectionRequestView {
  vaultId: string;
  userId: string;
  userGroupIds: string[];
}

/** The folders of a vault and the vault itself. */
function directoriesOf(s: StoreCore, vault: VaultRec): (FolderRec | VaultRec)[] {
  return [vault, ...[...s.db.all("folders")].filter((f) => f.vaultId === vault.id)];
}

/** Groups with a level of at least `read` somewhere in the vault: the groups that can connect a user. */
function connectingGroups(dirs: (FolderRec | VaultRec)[]): Set<string> {
  const out = new Set<string>();
  for (const d of dirs)
    for (const g of d.grants)
      if (g.principalType === "group" && g.access !== "connect" && LEVEL_RANK[g.access] >= LEVEL_RANK.read)
        out.add(g.principalId);
  return out;
}

function requestFor(
  s: StoreCore,
  user: UserRec,
  vault: VaultRec,
  dirs: (FolderRec | VaultRec)[],
  connecting: Set<string>,
): ConnectionRequestView | null {
  if (vault.userKeys[user.id]) return null;
  const groups = groupIdsOf(s, user.id);
  const through = [...groups].filter((id) => connecting.has(id));
  if (through.length === 0) return null;
  const held = dirs.some((d) => {
    const chain = chainOf(s, d);
    const e = effectiveFor(s, user, chain, groups);
    return e !== null && awaitsVaultKey(s, user, e, chain);
  });
  return held ? { vaultId: vault.id, userId: user.id, userGroupIds: through.sort() } : null;
}

/** The pending requests for connection of one vault, by user id. */
export function pendingRequests(s: StoreCore, vault: VaultRec): ConnectionRequestView[] {
  if (!s.cse) return [];
  const dirs = directoriesOf(s, vault);
  const connecting = connectingGroups(dirs);
  const out: ConnectionRequestView[] = [];
  for (const user of s.db.all("users")) {
    const r = requestFor(s, user, vault, dirs, connecting);
    if (r) out.push(r);
  }
  return out.sort((a, b) => a.userId.localeCompare(b.userId));
}

/** The user's own pending request for the vault, or null. */
export function pendingRequestOf(s: StoreCore, user: UserRec, vault: VaultRec): ConnectionRequestView | null {
  if (!s.cse) return null;
  const dirs = directoriesOf(s, vault);
  return requestFor(s, user, vault, dirs, connectingGroups(dirs));
}

/** Only a vault's administrators see and approve its requests (the product's Access settings tab). */
function administers(s: StoreCore, actor: UserRec, vault: VaultRec): boolean {
  return rankOf(s, actor, vault) >= LEVEL_RANK.admin;
}

/** Requests on every vault the caller administers, filtered by vault, group or user. */
export function listConnectionRequests(
  s: StoreCore,
  actor: UserRec,
  q: { vaultId?: string | undefined; userGroupId?: string | undefined; userId?: string | undefined },
): ConnectionRequestView[] {
  let vaults = [...s.db.all("vaults")];
  if (q.vaultId !== undefined) {
    const v = s.db.get("vaults", q.vaultId);
    if (!v) throw validationError("vaultId", `no vault ${q.vaultId}`);
    if (!administers(s, actor, v)) throw accessDenied("the requests for connection of this vault");
    vaults = [v];
  }
  return vaults
    .filter((v) => administers(s, actor, v))
    .flatMap((v) => pendingRequests(s, v))
    .filter(
      (r) =>
        (q.userId === undefined || r.userId === q.userId) &&
        (q.userGroupId === undefined || r.userGroupIds.includes(q.userGroupId)),
    );
}

/** Approves a pending request: stores the user's wrapped vault key; the user is then connected. */
export function approveConnectionRequest(
  s: StoreCore,
  actor: UserRec,
  vault: VaultRec,
  userId: string,
  p: ConnectionApprovalParams,
): void {
  const request = pendingRequests(s, vault).find((r) => r.userId === userId);
  if (!request)
    throw notFound(
      `Request for connection of user ${userId} to vault ${vault.name} (there is one only under client-side encryption, while a group gives the user a level in the vault and the user holds no vault key)`,
    );
  s.db.put("vaults", { ...vault, userKeys: { ...vault.userKeys, [userId]: p.keyEncrypted } });
  s.audit(actor, "user_added_to_vault", "vault", vault.id, vault.id, {
    principalType: "user",
    principalId: userId,
    connectionRequest: "approved",
    userGroupIds: request.userGroupIds,
  });
}
