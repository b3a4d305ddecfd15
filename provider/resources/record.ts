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
 * record-values-out.ts (their outputs and update), record-secrets.ts (fingerprints instead of values),
 * docs/secrets-in-state.md. The inputs ↔ write ↔ outputs mapping: record-data.ts.
 */
import { items, type RecordData } from "../client";
import { providerContext, validationSettings } from "../config";
import { describe, diffKeys, isUnknown, plain, sameJson } from "./common";
import { createOnce, isNotFound, PartialCreateError } from "./outcome";
import { generatePassword, type GeneratorSpec } from "./password-generator";
import {
  adoptConflicts,
  findSibling,
  outputsFrom,
  storedAs,
  warn,
  writeFor,
  type RecordOutputs,
} from "./record-data";
import { checkRecord, generatorOf, type RecordInputs } from "./record-inputs";
import {
  driftedSlots,
  existingKeyFor,
  keepsValuesOut,
  keyFor,
  PASSWORD_SLOT,
  resolvedInputs,
} from "./record-secrets";
import { updateKeepingValuesOut, withoutValues } from "./record-values-out";
import { resourceProvider } from "./skeleton";
import * as files from "./record-attachments";
import { isKeep, resolveRef } from "./value-from";

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
