/**
 * A Record whose values stay out of the state (`secretsInState: "none"`, `valueFrom`/`passwordFrom`
 * references, or a switch between modes): its secret-free outputs, and its update, which compares by
 * value or fingerprint and writes only what differs. The design: docs/secrets-in-state.md.
 */
import { items, type PassworkClient, type RecordData } from "../client";
import { sameJson } from "./common";
import type { FingerprintKey } from "./fingerprint";
import { generatePassword } from "./password-generator";
import { outputsFrom, storedAs, writeFor, type RecordOutputs } from "./record-data";
import { generatorOf, type RecordInputs } from "./record-inputs";
import {
  differsFromStored,
  existingKeyFor,
  fieldSlot,
  isNone,
  keepExpected,
  keepsValuesOut,
  keyFor,
  PASSWORD_SLOT,
  resolvedInputs,
  secretFreeParts,
  type SecretOutputs,
} from "./record-secrets";
import { isKeep } from "./value-from";

/**
 * The outputs without secret values (record-secrets.ts): references and fingerprints; no `password`
 * in none mode or when it is given by reference. `stored`: the old outputs, whose fingerprints drifted
 * slots keep.
 */
export function withoutValues(
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
export async function updateKeepingValuesOut(
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
