/**
 * Vault and folder grants, through the access table (protocol/access-protocol.ts: paths, level codes);
 * identities are in principals.ts. Levels are ours here; the table turns them into wire codes. Under
 * client-side encryption, granting a user access to a vault (or connecting them without access) also
 * sends the vault key wrapped for that user's public key (`keyEncrypted`).
 */
import { callAccess } from "./access-protocol";
import { forget, memo } from "./cache";
import type { PassworkClient } from "./core";
import { unlockedKeyChain, vaultKeyOf } from "./key-context";
import { publicKeyOf } from "./keys";
import type { PrincipalType } from "../../protocol/access";
import {
  levelCode,
  type EffectiveAccessEntry,
  type Grant,
  type GrantBody,
} from "../../protocol/access-protocol";
import type { GrantLevel } from "../../protocol/vaults";

export type DirectoryKind = "vault" | "folder";

const OPS = {
  vault: { list: "listVaultGrants", set: "setVaultGrant", revoke: "revokeVaultGrant" },
  folder: { list: "listFolderGrants", set: "setFolderGrant", revoke: "revokeFolderGrant" },
} as const;

/** Direct grants on the directory (not inherited ones; see `effective`). */
export async function listGrants(c: PassworkClient, kind: DirectoryKind, id: string): Promise<Grant[]> {
  // Coalesced: a refresh reads every grant resource at once, and these GETs then share /batch calls.
  return (await callAccess(c, OPS[kind].list, { params: { id }, coalesce: true })).items;
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
  grant: { principalType: PrincipalType; principalId: string; access: GrantLevel },
): Promise<Grant> {
  const body: GrantBody = {
    principalType: grant.principalType,
    principalId: grant.principalId,
    access: levelCode(grant.access),
  };
  // Every user vault grant but forbidden carries the key; `connect` too (the groups' level then needs none).
  if (kind === "vault" && grant.principalType === "user" && grant.access !== "forbidden") {
    const vaultKey = await vaultKeyOf(c, id);
    if (vaultKey !== null) {
      const chain = await unlockedKeyChain(c, `vault ${id}`);
      body.keyEncrypted = chain.wrapVaultKeyFor(await publicKeyOf(c, grant.principalId), vaultKey);
    }
  }
  return forgettingGrants(c, kind, id, () => callAccess(c, OPS[kind].set, { params: { id }, body }));
}

export async function revokeGrant(
  c: PassworkClient,
  kind: DirectoryKind,
  id: string,
  principalType: PrincipalType,
  principalId: string,
): Promise<void> {
  const params = { id, principalType, principalId };
  await forgettingGrants(c, kind, id, () => callAccess(c, OPS[kind].revoke, { params }));
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
    await callAccess(c, "effectiveAccess", { params: { id: directoryId }, ...(query ? { query } : {}) })
  ).items;
}
