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
 *
 * `secretsInState: "none"` and `valueFrom`/`passwordFrom` references keep values out of the state:
 * record-secrets.ts (fingerprints instead of values), docs/secrets-in-state.md.
 */
import { folders, items, type PassworkClient, type RecordData, type RecordWrite } from "../client";
import { providerContext, validationSettings } from "../config";
import { buildEnvMap } from "../env-vars";
import { describe, diffKeys, isUnknown, plain, sameJson } from "./common";
import { createOnce, isNotFound, PartialCreateError } from "./outcome";
import { generatePassword, type GeneratorSpec } from "./password-generator";
import {
  checkRecord,
  compactGenerator,
  generatorOf,
  type CustomField,
  type RecordInputs,
} from "./record-inputs";
import {
  differsFromStored,
  driftedSlots,
  fieldSlot,
  isNone,
  keepExpected,
  existingKeyFor,
  keepsValuesOut,
  keyFor,
  PASSWORD_SLOT,
  resolvedInputs,
  secretFreeParts,
  type SecretOutputs,
  type StoredField,
} from "./record-secrets";
import { resourceProvider } from "./skeleton";
import * as files from "./record-attachments";
import type { FingerprintKey } from "./fingerprint";
import { isKeep, resolveRef } from "./value-from";

/** Stored outputs: the inputs (defaults left out) and what the server adds; no member that is the id. */
export interface RecordOutputs extends RecordInputs, SecretOutputs, files.AttachmentOutputs {
  /** Values, or (secretsInState none / valueFrom) references and fingerprints: record-secrets.ts. */
  customFields: Record<string, StoredField>;
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
  "rotation",
  "passwordFrom",
] as const;
const INPUT_KEYS = [
  ...COMPARED,
  "passwordMode",
  "generatePassword",
  "password",
  "adopt",
  "secretsInState",
] as const;

/**
 * The inputs stored with their defaults left out, compared as their full values: `passwordMode` and
 * `generatePassword` (record-inputs.ts). Old states hold them expanded; both forms compare equal.
 */
function defaultedChanges(olds: RecordOutputs, news: Record<string, unknown>): string[] {
  const changed: string[] = [];
  const mode = (v: unknown) => v ?? "managed";
  if (isUnknown(news.passwordMode) || mode(olds.passwordMode) !== mode(news.passwordMode))
    changed.push("passwordMode");
  const gen = (v: unknown) =>
    v === undefined || isUnknown(v) ? v : generatorOf(v as Partial<GeneratorSpec>);
  if (!sameJson(gen(olds.generatePassword), gen(news.generatePassword))) changed.push("generatePassword");
  return changed;
}

function customsOf(fields: Record<string, CustomField>): NonNullable<RecordWrite["customs"]> {
  return Object.entries(fields)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, f]) => ({ name, type: f.type, value: f.value ?? "" }));
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

/**
 * The outputs without secret values (record-secrets.ts): references and fingerprints; no `password`
 * in none mode or when it is given by reference. `stored`: the old outputs, whose fingerprints drifted
 * slots keep.
 */
function withoutValues(
  key: FingerprintKey | undefined,
  outs: RecordOutputs,
  data: RecordData,
  declared: RecordInputs,
  password: { value: string | null } | { fingerprint: string | undefined },
  drifted: readonly string[],
  stored?: SecretOutputs,
): RecordOutputs {
  const parts = secretFreeParts(key, data, declared, password, drifted, stored?.fingerprints);
  keepExpected(parts.fingerprints, stored?.fingerprints, drifted);
  const out: RecordOutputs = { ...outs, ...parts };
  if (isNone(declared) || declared.passwordFrom !== undefined) delete out.password;
  if (Object.keys(parts.fingerprints).length === 0) delete out.fingerprints;
  for (const k of Object.keys(out) as (keyof RecordOutputs)[]) if (out[k] === undefined) delete out[k];
  return out;
}

const PLAIN_FIELDS = ["name", "vaultId", "folderId", "login", "url", "description", "color", "tags"] as const;

/**
 * update when the old or new state keeps values out (none mode, references, or a switch between
 * modes). Values are compared with what the old outputs hold, by value or by fingerprint, so a mode
 * switch alone writes nothing — not even the vault's fingerprint key, which only an update that writes
 * creates (fingerprint.ts); a drifted slot is written again (a generated password is regenerated: its
 * old value is known to nobody).
 */
async function updateKeepingValuesOut(
  client: PassworkClient,
  id: string,
  olds: RecordOutputs,
  inputs: RecordInputs,
): Promise<RecordOutputs> {
  let key = await existingKeyFor(client, inputs.vaultId, olds);
  const keeps = Object.values(inputs.customFields).some((f) => isKeep(f.valueFrom));
  let server = keeps ? await items.get(client, id) : undefined;
  const given = resolvedInputs(inputs, server);
  const drifted = new Set(olds.drifted ?? []);
  const oldFps = olds.fingerprints ?? {};
  const stored = (): { value: string } | { fingerprint: string | undefined } =>
    olds.password !== undefined ? { value: olds.password } : { fingerprint: oldFps[PASSWORD_SLOT] };
  // By the old outputs; where they cannot tell (a fingerprint without its key), by the server's value.
  const differs = async (
    slot: string,
    value: string | undefined,
    oldValue: string | undefined,
    oldFp: string | undefined,
    onServer: (d: RecordData) => string | null | undefined,
  ): Promise<boolean> => {
    const known = differsFromStored(key, id, slot, value, oldValue, oldFp);
    if (known !== undefined) return known;
    server ??= await items.get(client, id);
    return (onServer(server) ?? undefined) !== value;
  };

  let write: string | undefined;
  let password: { value: string | null } | { fingerprint: string | undefined } = { fingerprint: undefined };
  if (inputs.passwordMode === "seed") {
    password = stored();
  } else if (inputs.generatePassword !== undefined) {
    const regenerate =
      olds.generatePassword === undefined ||
      inputs.rotation !== olds.rotation ||
      drifted.has(PASSWORD_SLOT) ||
      (olds.password === undefined && oldFps[PASSWORD_SLOT] === undefined);
    if (regenerate) write = generatePassword(generatorOf(inputs.generatePassword));
    password = write !== undefined ? { value: write } : stored();
  } else if (given.password !== undefined) {
    const changed = await differs(
      PASSWORD_SLOT,
      given.password,
      olds.password,
      oldFps[PASSWORD_SLOT],
      (d) => d.password,
    );
    if (changed || drifted.has(PASSWORD_SLOT)) write = given.password;
    password = { value: given.password };
  }

  let fieldsDiffer = false;
  const names = new Set([...Object.keys(given.customFields), ...Object.keys(olds.customFields ?? {})]);
  for (const name of names) {
    const next = given.customFields[name];
    const old = olds.customFields?.[name];
    if (!next || !old || next.type !== old.type) fieldsDiffer = true;
    else if (isKeep(inputs.customFields[name]?.valueFrom)) continue;
    else {
      const slot = fieldSlot(name);
      fieldsDiffer =
        drifted.has(slot) ||
        (await differs(
          slot,
          next.value,
          old.value,
          old.fingerprint ?? oldFps[slot],
          (d) => d.customs.find((c) => c.name === name)?.value,
        ));
    }
    if (fieldsDiffer) break;
  }

  const moves = (inputs.folderId ?? null) !== (olds.folderId ?? null);
  const others = PLAIN_FIELDS.some((k) => !sameJson(olds[k], inputs[k]));
  const writes = others || fieldsDiffer || write !== undefined;
  // Made before the first write, so the outputs of a written record are always keyed.
  if ((moves || writes) && key === undefined) key = await keyFor(client, inputs.vaultId, olds);
  if (moves) await items.move(client, id, { vaultId: inputs.vaultId, folderId: inputs.folderId ?? null });
  if (writes) await items.update(client, id, writeFor(given, write));

  let reported = "value" in password ? (password.value ?? undefined) : undefined;
  if (!keepsValuesOut(inputs) && reported === undefined && inputs.generatePassword !== undefined)
    reported = (await items.get(client, id)).password ?? undefined; // back to encrypted: report the value
  const data = await storedAs(client, id, writeFor(given, reported));
  const outs = outputsFrom(data, inputs, reported);
  return keepsValuesOut(inputs) ? withoutValues(key, outs, data, inputs, password, [], olds) : outs;
}

export const provider = resourceProvider<RecordInputs, RecordOutputs>({
  async check(_olds, news) {
    const settings = validationSettings();
    const attached = files.checkAttachments(news);
    const checked = checkRecord(attached.rest, {
      allowedTags: settings.allowedTags,
      fieldNamePolicy: settings.fieldNamePolicy,
      secretsInState: settings.secretsInState,
      warn,
    });
    return {
      inputs: { ...checked.inputs, ...attached.inputs },
      failures: [
        ...checked.failures,
        ...attached.failures,
        ...files.noneModeFailures(attached.inputs, checked.inputs.secretsInState),
      ],
    };
  },

  async diff(_id, olds, news) {
    const { changed, replaces } = diffKeys(olds, news, COMPARED, ["vaultId"]);
    changed.push(...defaultedChanges(olds, news));
    // A given password is compared; a generated one changes with `rotation`; a seed never drifts.
    const given =
      news.passwordMode !== "seed" && news.generatePassword === undefined && news.password !== undefined;
    if (given && (isUnknown(news.password) || news.password !== olds.password)) changed.push("password");
    // A mode switch rewrites the state (no write to Passwork); drift seen by refresh is restored by up.
    if ((olds.secretsInState ?? "encrypted") !== (news.secretsInState ?? "encrypted"))
      changed.push("secretsInState");
    changed.push(...(olds.drifted ?? []));
    if (files.attachmentsChanged(olds, news, olds.name)) changed.push("attachments");
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const { client } = providerContext();
    // References are resolved and the fingerprint key loaded before anything is written.
    const refs = keepsValuesOut(inputs);
    const key = refs ? await keyFor(client, inputs.vaultId) : undefined;
    const keeps = Object.values(inputs.customFields).some((f) => isKeep(f.valueFrom));
    let given = refs && !keeps ? resolvedInputs(inputs) : inputs;
    let password =
      (inputs.passwordFrom ? resolveRef(inputs.passwordFrom, "passwordFrom") : inputs.password) ??
      (inputs.generatePassword ? generatePassword(generatorOf(inputs.generatePassword)) : undefined);
    const failed = (id: string, server?: RecordData): RecordOutputs =>
      refs
        ? plain({ ...inputs, path: inputs.name, envVars: {} })
        : server
          ? outputsFrom(server, inputs, server.password ?? undefined)
          : plain({ ...inputs, password, path: inputs.name, envVars: {} });
    let id: string | undefined;
    if (inputs.adopt) {
      const summary = await findSibling(client, inputs);
      if (summary) {
        const existing = await items.get(client, summary.id);
        if (refs) given = { ...resolvedInputs(inputs, existing), ...(password ? { password } : {}) };
        const conflicts = adoptConflicts(existing, given);
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
          await items.update(client, id, writeFor(given, password));
        } catch (err) {
          throw new PartialCreateError(
            `record "${inputs.name}" (${id}) was adopted but updating it failed: ${describe(err)}`,
            id,
            failed(id, existing),
          );
        }
      }
    }
    if (id === undefined) {
      if (refs && keeps) given = resolvedInputs(inputs); // fails: nothing to keep on a new record
      // A POST that may have been applied is looked up before it is sent again (never a duplicate).
      id = await createOnce(
        () => items.create(client, writeFor(given, password)),
        async () => (await findSibling(client, inputs))?.id,
      );
    }
    try {
      // A plain create stored exactly what was written: outputs come from the write (no GET back).
      const data = inputs.adopt
        ? await items.get(client, id)
        : await storedAs(client, id, writeFor(given, password));
      const outs = outputsFrom(data, inputs, password);
      const stored = key
        ? withoutValues(key, outs, data, inputs, { value: password ?? data.password }, [])
        : outs;
      return {
        id,
        outs: await files.attachOnCreate(client, id, inputs.vaultId, files.declared(inputs), stored),
      };
    } catch (err) {
      if (err instanceof PartialCreateError) throw err;
      throw new PartialCreateError(
        `record "${inputs.name}" was created (${id}) but could not be read back: ${describe(err)}`,
        id,
        failed(id),
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
      tags: old.tags ?? [],
      customFields: old.customFields ?? {},
    };
    // Seed passwords belong to people after create: report the seeded value, never drift.
    const password = old.passwordMode === "seed" ? old.password : (data.password ?? undefined);
    let next = outputsFrom(data, declared, password);
    if (keepsValuesOut(old)) {
      // A refresh never writes: without a key in the vault, what can be checked without one is.
      const key = await existingKeyFor(client, data.vaultId, old);
      const drifted = driftedSlots(key, data, declared, warn);
      if (drifted.length > 0)
        warn(
          `record "${data.name}": ${drifted.join(", ")} differ(s) in Passwork from the declared value (drift); the next pulumi up writes it again (a generated password is regenerated)`,
        );
      const seen =
        old.passwordMode === "seed" && old.fingerprints?.[PASSWORD_SLOT] !== undefined
          ? { fingerprint: old.fingerprints[PASSWORD_SLOT] }
          : { value: data.password };
      next = withoutValues(key, next, data, declared, seen, drifted, old);
    }
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
    if (keepsValuesOut(inputs) || keepsValuesOut(olds))
      return { outs: await updateKeepingValuesOut(client, id, olds, inputs) };
    let password: string | undefined = olds.password;
    let write: string | undefined;
    if (inputs.passwordMode !== "seed") {
      if (inputs.generatePassword !== undefined) {
        const regenerate =
          olds.generatePassword === undefined ||
          olds.password === undefined ||
          inputs.rotation !== olds.rotation;
        if (regenerate) write = password = generatePassword(generatorOf(inputs.generatePassword));
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
