/**
 * Requests for connection (client-side encryption), through the access table (protocol/access-protocol.ts):
 * a user who reaches a vault through a group holds no copy of the vault key until a vault administrator
 * approves. Approving wraps the vault key for the user's public key, as a direct user grant does
 * (access.ts `setGrant`). The caller must administer the vault and hold its key.
 */
import { callAccess } from "./access-protocol";
import type { PassworkClient } from "./core";
import { NotFoundError, PassworkError } from "./errors";
import { unlockedKeyChain, vaultKeyOf } from "./key-context";
import { publicKeyOf } from "./keys";
import type { ConnectionRequest } from "../../protocol/access";

export type { ConnectionRequest };

export interface ConnectionRequestFilter {
  vaultId?: string | undefined;
  userGroupId?: string | undefined;
  userId?: string | undefined;
}

/** Pending requests on the vaults the caller administers, filtered. */
export async function list(
  c: PassworkClient,
  filter: ConnectionRequestFilter = {},
): Promise<ConnectionRequest[]> {
  const query = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
  return (await callAccess(c, "listConnectionRequests", { query })).items;
}

/** Pending requests of one vault (coalesced: a review reads it beside the grants, in one /batch). */
export async function listForVault(c: PassworkClient, vaultId: string): Promise<ConnectionRequest[]> {
  return (await callAccess(c, "listVaultConnectionRequests", { params: { id: vaultId }, coalesce: true }))
    .items;
}

/** The user has no key pair (no public key): nobody can wrap a vault key for them, so nobody can approve. */
export class UserWithoutKeysError extends PassworkError {
  override readonly code = "PASSWORK_USER_WITHOUT_KEYS";
}

/** Approves one request: the vault key wrapped for the user's public key. */
export async function approve(c: PassworkClient, vaultId: string, userId: string): Promise<void> {
  const vaultKey = await vaultKeyOf(c, vaultId);
  if (vaultKey === null)
    throw new Error(
      `vault ${vaultId} is not client-side encrypted: it has no requests for connection to approve`,
    );
  const chain = await unlockedKeyChain(c, `vault ${vaultId}`);
  let publicKey: string;
  try {
    publicKey = await publicKeyOf(c, userId);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    throw new UserWithoutKeysError(
      `user ${userId} has no key pair (no public key), so no vault key can be wrapped for them; they get one when they first sign in to Passwork with client-side encryption`,
      { cause: err },
    );
  }
  const keyEncrypted = chain.wrapVaultKeyFor(publicKey, vaultKey);
  await callAccess(c, "approveConnectionRequest", {
    params: { id: vaultId, userId },
    body: { keyEncrypted },
  });
}
