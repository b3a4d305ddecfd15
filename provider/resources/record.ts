/**
 * passwork:Record — a password item: login, password, url, description, colour, tag set, custom fields.
 *
 * create: POST /api/v1/items (adopt, and reconciliation of a create whose outcome is unknown:
 *         GET /api/v1/items?vaultId=&folderId=, same name) then GET /api/v1/items/{id}
 * read:   GET /api/v1/items/{id}                  (404 → gone; 403 → error)
 * update: PATCH /api/v1/items/{id} (tags and customs replace the whole list),
 *         POST /api/v1/items/{id}/move (folderId change within the vault)
 * delete: DELETE /api/v1/items/{id}               (to the bin)
 * Replacement: `vaultId` (a move across vaults is not done in place). Id: 24-hex ObjectId.
 *
 * Password modes: given (`password`), generated (`generatePassword`, regenerated only when `rotation`
 * changes), and `passwordMode: "seed"` (written at create, never overwritten, no drift reported).
 */
import { folders, items, type PassworkClient, type RecordData, type RecordWrite } from "../client";
import { providerContext, validationSettings } from "../config";
import { buildEnvMap } from "../env-vars";
import { describe, diffKeys, isUnknown, plain, sameJson } from "./common";
import { createOnce, isNotFound, PartialCreateError } from "./outcome";
import { generatePassword } from "./password-generator";
import { checkRecord, type CustomField, type RecordInputs } from "./record-inputs";
import { resourceProvider } from "./skeleton";
import * as files from "./record-attachments";

export interface RecordOutputs extends RecordInputs, files.AttachmentOutputs {
  recordId: string;
  /** Folder names from the vault root, then the record name, joined with "/". */
  path: string;
  /** The variables `passwork-cli exec` would export for this record. */
  envVars: Record<string, string>;
}

const COMPARED = [
  "name",
  "vaultId",
  "folderId",
  "login",
  "url",
  "description",
  "color",
  "tags",
  "customFields",
  "passwordMode",
  "generatePassword",
  "rotation",
] as const;
const INPUT_KEYS = [...COMPARED, "password", "adopt"] as const;

function customsOf(fields: Record<string, CustomField>): NonNullable<RecordWrite["customs"]> {
  return Object.entries(fields)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, f]) => ({ name, type: f.type, value: f.value }));
}

function fieldsOf(data: RecordData): Record<string, CustomField> {
  const out: Record<string, CustomField> = {};
  for (const c of data.customs) out[c.name] = { type: c.type, value: c.value };
  return out;
}

/** The outputs for a record as the server has it; `password` is the value to report. */
function outputsFrom(data: RecordData, declared: RecordInputs, password: string | undefined): RecordOutputs {
  const folders = (data.path ?? []).filter((p) => p.folderId !== null).map((p) => p.name);
  const customFields = fieldsOf(data);
  return plain({
    recordId: data.id,
    name: data.name,
    vaultId: data.vaultId,
    folderId: data.folderId ?? undefined,
    login: data.login || undefined,
    url: data.url || undefined,
    description: data.description || undefined,
    color: data.color ? data.color : undefined,
    tags: [...new Set(data.tags)].sort(),
    password,
    generatePassword: declared.generatePassword,
    rotation: declared.rotation,
    passwordMode: declared.passwordMode,
    customFields,
    adopt: declared.adopt,
    path: [...folders, data.name].join("/"),
    envVars: buildEnvMap([{ name: data.name, password: password ?? data.password, customs: data.customs }])
      .env,
  });
}

function writeFor(inputs: RecordInputs, password: string | undefined): RecordWrite {
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
async function storedAs(c: PassworkClient, id: string, w: RecordWrite): Promise<RecordData> {
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

async function findSibling(c: PassworkClient, inputs: RecordInputs) {
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

function warn(message: string): void {
  console.warn(message);
}

export const provider = resourceProvider<RecordInputs, RecordOutputs>({
  async check(_olds, news) {
    const settings = validationSettings();
    const attached = files.checkAttachments(news);
    const checked = checkRecord(attached.rest, {
      allowedTags: settings.allowedTags,
      fieldNamePolicy: settings.fieldNamePolicy,
      warn,
    });
    return {
      inputs: { ...checked.inputs, ...attached.inputs },
      failures: [...checked.failures, ...attached.failures],
    };
  },

  async diff(_id, olds, news) {
    const { changed, replaces } = diffKeys(olds, news, COMPARED, ["vaultId"]);
    // A given password is compared; a generated one changes with `rotation`; a seed never drifts.
    const given =
      news.passwordMode !== "seed" && news.generatePassword === undefined && news.password !== undefined;
    if (given && (isUnknown(news.password) || news.password !== olds.password)) changed.push("password");
    if (files.attachmentsChanged(olds, news, olds.name)) changed.push("attachments");
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const { client } = providerContext();
    let password =
      inputs.password ?? (inputs.generatePassword ? generatePassword(inputs.generatePassword) : undefined);
    let id: string | undefined;
    if (inputs.adopt) {
      const summary = await findSibling(client, inputs);
      if (summary) {
        const existing = await items.get(client, summary.id);
        const conflicts = adoptConflicts(existing, inputs);
        if (conflicts.length) {
          throw new Error(
            `cannot adopt record "${inputs.name}" (${existing.id}): ${conflicts.join("; ")}. Declare the existing values, or remove adopt.`,
          );
        }
        // Keep an existing password for generated and seed modes: adopting must not rotate it.
        if ((inputs.generatePassword !== undefined || inputs.passwordMode === "seed") && existing.password)
          password = existing.password;
        id = existing.id;
        try {
          await items.update(client, id, writeFor(inputs, password));
        } catch (err) {
          throw new PartialCreateError(
            `record "${inputs.name}" (${id}) was adopted but updating it failed: ${describe(err)}`,
            id,
            outputsFrom(existing, inputs, existing.password ?? undefined),
          );
        }
      }
    }
    if (id === undefined) {
      // A POST that may have been applied is looked up before it is sent again (never a duplicate).
      id = await createOnce(
        () => items.create(client, writeFor(inputs, password)),
        async () => (await findSibling(client, inputs))?.id,
      );
    }
    try {
      // A plain create stored exactly what was written: outputs come from the write (no GET back).
      const data = inputs.adopt
        ? await items.get(client, id)
        : await storedAs(client, id, writeFor(inputs, password));
      const outs = outputsFrom(data, inputs, password);
      return {
        id,
        outs: await files.attachOnCreate(client, id, inputs.vaultId, files.declared(inputs), outs),
      };
    } catch (err) {
      if (err instanceof PartialCreateError) throw err;
      throw new PartialCreateError(
        `record "${inputs.name}" was created (${id}) but could not be read back: ${describe(err)}`,
        id,
        plain({ ...inputs, password, recordId: id, path: inputs.name, envVars: {} }),
      );
    }
  },

  async read(id, old) {
    const { client } = providerContext();
    let data: RecordData;
    try {
      // Coalesced with the other reads of a refresh into /batch; the location lets the client read the
      // folder's other records ahead (provider/client/read-ahead.ts).
      const where =
        typeof old.vaultId === "string" ? { vaultId: old.vaultId, folderId: old.folderId } : undefined;
      data = await items.read(client, id, where);
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
    const declared: RecordInputs = {
      ...old,
      passwordMode: old.passwordMode ?? "managed",
      tags: old.tags ?? [],
      customFields: old.customFields ?? {},
    };
    // Seed passwords belong to people after create: report the seeded value, never drift.
    const password = old.passwordMode === "seed" ? old.password : (data.password ?? undefined);
    const next = outputsFrom(data, declared, password);
    const inputs: Record<string, unknown> = {};
    for (const k of INPUT_KEYS) if (next[k] !== undefined) inputs[k] = next[k];
    // Only a given password is an input; generated and seed passwords stay outputs.
    if (old.generatePassword !== undefined || old.passwordMode === "seed" || old.password === undefined)
      delete inputs.password;
    return {
      id: data.id,
      props: { ...next, ...files.readAttachments(items.attachmentsSeen(client, id), old) },
      inputs,
    };
  },

  async update(id, olds, inputs) {
    const { client } = providerContext();
    let password: string | undefined = olds.password;
    let write: string | undefined;
    if (inputs.passwordMode !== "seed") {
      if (inputs.generatePassword !== undefined) {
        const regenerate =
          olds.generatePassword === undefined ||
          olds.password === undefined ||
          inputs.rotation !== olds.rotation;
        if (regenerate) write = password = generatePassword(inputs.generatePassword);
      } else if (inputs.password !== undefined && inputs.password !== olds.password) {
        write = password = inputs.password;
      } else if (
        inputs.password === undefined &&
        olds.password !== undefined &&
        olds.passwordMode !== "seed"
      ) {
        // The program stopped declaring a password: leave the stored one alone and stop reporting it.
        password = undefined;
      }
    }
    if ((inputs.folderId ?? null) !== (olds.folderId ?? null)) {
      await items.move(client, id, { vaultId: inputs.vaultId, folderId: inputs.folderId ?? null });
    }
    const changedFields = COMPARED.some((k) => !sameJson(olds[k], inputs[k])) || write !== undefined;
    if (changedFields) await items.update(client, id, writeFor(inputs, write));
    // Every field is in the write (PATCH replaces them), so the outputs follow from it; only when the
    // stored password is unknown here (no longer declared, not rewritten) is the record read back.
    const known = write !== undefined || password !== undefined;
    const data = known ? await storedAs(client, id, writeFor(inputs, password)) : await items.get(client, id);
    const attached = await files.syncAttachments(client, id, inputs.vaultId, files.declared(inputs), olds);
    return { outs: { ...outputsFrom(data, inputs, password), ...attached } };
  },

  async delete(id) {
    const { client } = providerContext();
    try {
      await items.remove(client, id);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  },
});
