/**
 * Every path of reference/passwork-access-api.md that concerns grants lives here (identities are in
 * principals.ts). Under client-side encryption, granting a user access to a vault also sends the
 * vault key wrapped for that user's public key (`keyEncrypted`).
 */
import { forget, memo } from "./cache";
import { coalescedGet } from "./coalesce";
import type { PassworkClient } from "./core";
import { unlockedKeyChain, vaultKeyOf } from "./key-context";
import { publicKeyOf } from "./keys";
import { path, type ApiPath } from "./path";
import {
  EffectiveAccessEntrySchema,
  GrantSchema,
  type EffectiveAccessEntry,
  type Grant,
  type GrantParams,
  type PrincipalType,
} from "../../protocol/access";
import { EmptyResponseSchema, listOf } from "../../protocol/common";
import type { AccessLevel } from "../../protocol/vaults";

export type DirectoryKind = "vault" | "folder";

function accessPath(kind: DirectoryKind, id: string): ApiPath {
  return kind === "vault" ? path`/vaults/${id}/access` : path`/folders/${id}/access`;
}

/** Direct grants on the directory (not inherited ones; see `effective`). */
export async function listGrants(c: PassworkClient, kind: DirectoryKind, id: string): Promise<Grant[]> {
  // Coalesced: a refresh reads every grant resource at once, and these GETs then share /batch calls.
  return (await coalescedGet(c, accessPath(kind, id), listOf(GrantSchema))).items;
}

/**
 * Like `listGrants`, but remembered for the process: the access guards read the same vault's and
 * folder's grants for every grant resource, at check and again at create. A grant write through this
 * client (`setGrant`, `revokeGrant`) forgets the directory's entry. `read` (refresh) never uses it.
 */
export function listGrantsCached(c: PassworkClient, kind: DirectoryKind, id: string): Promise<Grant[]> {
  return memo(c, grantsKey(kind, id), () => listGrants(c, kind, id));
}

const grantsKey = (kind: DirectoryKind, id: string): string => `grants:${kind}:${id}`;

/** Runs a grant write with the directory's cached grants forgotten before and after it. */
async function forgettingGrants<T>(
  c: PassworkClient,
  kind: DirectoryKind,
  id: string,
  write: () => Promise<T>,
): Promise<T> {
  forget(c, grantsKey(kind, id));
  try {
    return await write();
  } finally {
    forget(c, grantsKey(kind, id));
  }
}

export async function setGrant(
  c: PassworkClient,
  kind: DirectoryKind,
  id: string,
  grant: { principalType: PrincipalType; principalId: string; access: AccessLevel },
): Promise<Grant> {
  const body: GrantParams = {
    principalType: grant.principalType,
    principalId: grant.principalId,
    access: grant.access,
  };
  if (kind === "vault" && grant.principalType === "user" && grant.access !== "forbidden") {
    const vaultKey = await vaultKeyOf(c, id);
    if (vaultKey !== null) {
      const chain = await unlockedKeyChain(c, `vault ${id}`);
      body.keyEncrypted = chain.wrapVaultKeyFor(await publicKeyOf(c, grant.principalId), vaultKey);
    }
  }
  return forgettingGrants(c, kind, id, () => c.post(accessPath(kind, id), body, GrantSchema));
}

export async function revokeGrant(
  c: PassworkClient,
  kind: DirectoryKind,
  id: string,
  principalType: PrincipalType,
  principalId: string,
): Promise<void> {
  const p =
    kind === "vault"
      ? path`/vaults/${id}/access/${principalType}/${principalId}`
      : path`/folders/${id}/access/${principalType}/${principalId}`;
  await forgettingGrants(c, kind, id, () => c.delete(p, EmptyResponseSchema));
}

/** Effective access on a vault or folder, with the grant that decides each entry. */
export async function effective(
  c: PassworkClient,
  directoryId: string,
  principal?: { principalType: PrincipalType; principalId: string },
): Promise<EffectiveAccessEntry[]> {
  const query = principal
    ? { principalType: principal.principalType, principalId: principal.principalId }
    : undefined;
  return (
    await c.get(path`/directories/${directoryId}/effective-access`, listOf(EffectiveAccessEntrySchema), query)
  ).items;
}
