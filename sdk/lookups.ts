/**
 * Lookups: plain async functions run in the program process with the provider's settings (stack
 * config `passwork:*`, then PASSWORK_* environment variables). Secret values come back as secret Outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { objectReads, withServerClient } from "./on-demand";
import type { FolderInfo, SecretsSelection, VaultInfo } from "./reads/objects";

export type { FolderInfo, VaultInfo, SecretsSelection };

/** Finds a vault by id or by its (unique) name. */
export function getVault(args: { id: string } | { name: string }): Promise<VaultInfo> {
  return withServerClient((c) => objectReads().lookupVault(c, args));
}

/** Finds a folder by id, or by a path of folder names relative to a vault: `{ vaultId, path: "infrastructure/production/databases" }`. */
export function getFolder(args: { id: string } | { vaultId: string; path: string }): Promise<FolderInfo> {
  return withServerClient((c) => objectReads().lookupFolder(c, args));
}

/** A record found by {@link getRecord}; `password` and `customFields` are secret Outputs. */
export interface RecordInfo {
  recordId: string;
  name: string;
  vaultId: string;
  folderId?: string;
  login: string;
  url: string;
  description: string;
  tags: string[];
  password: pulumi.Output<string | undefined>;
  customFields: pulumi.Output<{ [name: string]: { value: string; type: "text" | "password" | "totp" } }>;
}

/**
 * Finds a record by id, or by name in a vault (root) or folder. `id` may also be a shortcut's id (or pass
 * `shortcutId`): the record the shortcut shows, opened through the shortcut (under client-side encryption
 * with the key the shortcut carries, so access to the shortcut's folder is enough).
 */
export async function getRecord(
  args: { id: string } | { shortcutId: string } | { vaultId: string; folderId?: string; name: string },
): Promise<RecordInfo> {
  const r = await withServerClient((c) => objectReads().lookupRecord(c, args));
  const fields: { [name: string]: { value: string; type: "text" | "password" | "totp" } } = {};
  for (const f of r.customs) fields[f.name] = { value: f.value, type: f.type };
  const info: RecordInfo = {
    recordId: r.id,
    name: r.name,
    vaultId: r.vaultId,
    login: r.login,
    url: r.url,
    description: r.description,
    tags: r.tags,
    password: pulumi.secret(r.password ?? undefined),
    customFields: pulumi.secret(fields),
  };
  if (r.folderId) info.folderId = r.folderId;
  return info;
}

/** The result of {@link getSecrets}. */
export interface SecretsResult {
  /** Variable name → value, exactly as `passwork-cli exec` would set them. Secret. */
  env: pulumi.Output<{ [name: string]: string }>;
  /** The variable names (not secret). */
  names: string[];
  /** Records that contributed, in search order. */
  recordIds: string[];
  /** Skipped empty names and overwritten variables (no values). */
  warnings: string[];
}

/**
 * The env-var map `passwork-cli exec --vault-id/--folder-id/--tags` would build for this selection
 * (a folder selects its direct records only, like exec). Warnings are also logged.
 */
export async function getSecrets(args: SecretsSelection): Promise<SecretsResult> {
  const result = await withServerClient((c) => objectReads().lookupSecrets(c, args));
  for (const w of result.warnings) void pulumi.log.warn(`getSecrets: ${w}`);
  return {
    env: pulumi.secret(result.env),
    names: Object.keys(result.env),
    recordIds: result.recordIds,
    warnings: result.warnings,
  };
}
