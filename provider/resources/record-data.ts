/**
 * A Record between its inputs, the write sent to Passwork and the outputs stored in the state: the
 * mapping both the plain path (record.ts) and the values-out path (record-values-out.ts) use.
 */
import { folders, items, type PassworkClient, type RecordData, type RecordWrite } from "../client";
import { buildEnvMap } from "../env-vars";
import { plain } from "./common";
import { compactGenerator, type CustomField, type RecordInputs } from "./record-inputs";
import type { SecretOutputs, StoredField } from "./record-secrets";
import type * as files from "./record-attachments";

/** Stored outputs: the inputs (defaults left out) and what the server adds; no member that is the id. */
export interface RecordOutputs extends RecordInputs, SecretOutputs, files.AttachmentOutputs {
  /** Values, or (secretsInState none / valueFrom) references and fingerprints: record-secrets.ts. */
  customFields: Record<string, StoredField>;
  /** Folder names from the vault root, then the record name, joined with "/". */
  path: string;
  /** The variables `passwork-cli exec` would export for this record. */
  envVars: Record<string, string>;
}

export function customsOf(fields: Record<string, CustomField>): NonNullable<RecordWrite["customs"]> {
  return Object.entries(fields)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, f]) => ({ name, type: f.type, value: f.value ?? "" }));
}

export function fieldsOf(data: RecordData): Record<string, CustomField> {
  const out: Record<string, CustomField> = {};
  for (const c of data.customs) out[c.name] = { type: c.type, value: c.value };
  return out;
}

/** The outputs for a record as the server has it; `password` is the value to report. */
export function outputsFrom(
  data: RecordData,
  declared: RecordInputs,
  password: string | undefined,
): RecordOutputs {
  const folders = (data.path ?? []).filter((p) => p.folderId !== null).map((p) => p.name);
  const customFields = fieldsOf(data);
  return plain({
    name: data.name,
    vaultId: data.vaultId,
    folderId: data.folderId ?? undefined,
    login: data.login || undefined,
    url: data.url || undefined,
    description: data.description || undefined,
    color: data.color ? data.color : undefined,
    tags: [...new Set(data.tags)].sort(),
    password,
    generatePassword: declared.generatePassword && compactGenerator(declared.generatePassword),
    rotation: declared.rotation,
    passwordMode: declared.passwordMode === "seed" ? ("seed" as const) : undefined,
    customFields,
    adopt: declared.adopt,
    path: [...folders, data.name].join("/"),
    envVars: buildEnvMap([{ name: data.name, password: password ?? data.password, customs: data.customs }])
      .env,
  });
}

export function writeFor(inputs: RecordInputs, password: string | undefined): RecordWrite {
  const w: RecordWrite = {
    vaultId: inputs.vaultId,
    folderId: inputs.folderId ?? null,
    name: inputs.name,
    login: inputs.login ?? "",
    url: inputs.url ?? "",
    description: inputs.description ?? "",
    color: inputs.color ?? 0,
    tags: inputs.tags,
    customs: customsOf(inputs.customFields),
  };
  if (password !== undefined) w.password = password;
  return w;
}

/**
 * The record as the server stores it after a write of every field: the write itself plus the folder
 * path (cached per process, shared by the folder's records) — what a GET would return, without one.
 */
export async function storedAs(c: PassworkClient, id: string, w: RecordWrite): Promise<RecordData> {
  const folderId = w.folderId ?? null;
  const data: RecordData = {
    id,
    vaultId: w.vaultId,
    folderId,
    name: w.name ?? "",
    login: w.login ?? "",
    url: w.url ?? "",
    description: w.description ?? "",
    color: w.color ?? 0,
    tags: [...(w.tags ?? [])],
    password: w.password ? w.password : null,
    customs: [...(w.customs ?? [])],
  };
  if (folderId !== null) {
    const names = (await folders.pathOf(c, folderId)).split("/");
    data.path = names.map((name) => ({ name, vaultId: w.vaultId, folderId }));
  }
  return data;
}

export async function findSibling(c: PassworkClient, inputs: RecordInputs) {
  const folderId = inputs.folderId ?? null;
  const listed = await items.list(
    c,
    folderId ? { vaultId: inputs.vaultId, folderId } : { vaultId: inputs.vaultId },
  );
  const matches = listed.filter((s) => s.name === inputs.name && (s.folderId ?? null) === folderId);
  if (matches.length > 1)
    throw new Error(
      `${matches.length} records named "${inputs.name}" exist in the same folder; adopt needs exactly one. Rename the extra ones or remove adopt.`,
    );
  return matches[0];
}

/** What taking over `existing` would destroy; field names only, never values. */
export function adoptConflicts(existing: RecordData, inputs: RecordInputs): string[] {
  const conflicts: string[] = [];
  const given = inputs.generatePassword === undefined ? inputs.password : undefined;
  if (
    inputs.passwordMode !== "seed" &&
    given !== undefined &&
    existing.password &&
    existing.password !== given
  ) {
    conflicts.push("the password differs from the declared one (it would be overwritten)");
  }
  for (const c of existing.customs) {
    const declared = inputs.customFields[c.name];
    if (!declared)
      conflicts.push(`custom field "${c.name}" exists but is not declared (it would be removed)`);
    else if (declared.value !== c.value || declared.type !== c.type)
      conflicts.push(
        `custom field "${c.name}" has a different ${declared.type !== c.type ? "type" : "value"} (it would be overwritten)`,
      );
  }
  return conflicts;
}

export function warn(message: string): void {
  console.warn(message);
}
