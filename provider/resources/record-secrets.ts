/**
 * Record secrets without values in the state (`secretsInState: "none"`, and any `valueFrom` /
 * `passwordFrom` reference in either mode): resolving references into the values written to Passwork,
 * the secret-free outputs (fingerprints instead of values), and drift by keyed fingerprint.
 * record.ts calls these; the design is in docs/secrets-in-state.md.
 */
import type { PassworkClient, RecordData } from "../client";
import { buildEnvMap } from "../env-vars";
import {
  digest,
  existingVaultKey,
  fingerprint,
  keyIdOf,
  MIN_DIGEST_BITS,
  UNVERIFIED,
  vaultKey,
  verify,
  type FingerprintKey,
} from "./fingerprint";
import { entropyBits } from "./password-generator";
import { generatorOf, type CustomField, type RecordInputs } from "./record-inputs";
import { isKeep, resolveRef, tryResolveRef } from "./value-from";

/** The state of one record's secrets, as stored in its outputs. */
export interface SecretOutputs {
  secretsInState?: "none";
  passwordFrom?: { env: string } | { file: string };
  /** Slot (`password`, `customFields.NAME`) → keyed fingerprint of the value last written or seen. */
  fingerprints?: Record<string, string>;
  /** Slots whose value on the server differed from the declared one at the last refresh. */
  drifted?: string[];
}

export type StoredField = CustomField & { fingerprint?: string };

export const PASSWORD_SLOT = "password";
export const fieldSlot = (name: string) => `customFields.${name}`;

/** Whether this record's values stay out of the state (so its outputs need the fingerprint key). */
export function keepsValuesOut(r: {
  secretsInState?: string | undefined;
  passwordFrom?: unknown;
  customFields?: Record<string, { valueFrom?: unknown }> | undefined;
}): boolean {
  return (
    r.secretsInState === "none" ||
    r.passwordFrom !== undefined ||
    Object.values(r.customFields ?? {}).some((f) => f?.valueFrom !== undefined)
  );
}

export const isNone = (r: { secretsInState?: string | undefined }) => r.secretsInState === "none";

const hintOf = (stored?: SecretOutputs) =>
  Object.values(stored?.fingerprints ?? {})
    .map(keyIdOf)
    .find((id) => id !== undefined);

/**
 * The key of the vault, found through a key id named by a stored fingerprint when there is one, and
 * created when there is none: for operations that write to the vault anyway.
 */
export function keyFor(c: PassworkClient, vaultId: string, stored?: SecretOutputs): Promise<FingerprintKey> {
  return vaultKey(c, vaultId, hintOf(stored));
}

/** The key of the vault if it has one; never writes (refresh, and updates that change only the state). */
export function existingKeyFor(
  c: PassworkClient,
  vaultId: string,
  stored?: SecretOutputs,
): Promise<FingerprintKey | undefined> {
  return existingVaultKey(c, vaultId, hintOf(stored));
}

/** Whether the declared password is one this provider generates with enough randomness for a digest. */
function isRandomPassword(declared: RecordInputs): boolean {
  const g = declared.generatePassword;
  return g !== undefined && entropyBits(generatorOf(g)) >= MIN_DIGEST_BITS;
}

/**
 * The fingerprint of one slot: keyed when the vault's key is at hand; without it, an unkeyed digest
 * for a random generated password, else the stored fingerprint (the value is unchanged: nothing was
 * written), else `unverified`.
 */
function slotFingerprint(
  k: FingerprintKey | undefined,
  recordId: string,
  slot: string,
  value: string,
  random: boolean,
  stored: string | undefined,
): string {
  if (k !== undefined) return fingerprint(k, recordId, slot, value);
  if (random) return digest(recordId, slot, value);
  return stored ?? UNVERIFIED;
}

/**
 * The inputs with every reference replaced by its value: what is written to Passwork. `keep` fields
 * take the value `server` holds (the record must exist). `password` stays as given for generated ones.
 */
export function resolvedInputs(inputs: RecordInputs, server?: RecordData): RecordInputs {
  const customFields: Record<string, CustomField> = {};
  for (const [name, f] of Object.entries(inputs.customFields)) {
    if (f.valueFrom === undefined) {
      customFields[name] = { type: f.type, value: f.value ?? "" };
    } else if (isKeep(f.valueFrom)) {
      const current = server?.customs.find((c) => c.name === name);
      if (current === undefined)
        throw new Error(
          `customFields.${name}.valueFrom is { keep: true }, but ${server ? "the record on the server has no such field" : "the record does not exist yet"}; give the value by { env } or { file } instead`,
        );
      customFields[name] = { type: f.type, value: current.value };
    } else {
      const value = resolveRef(f.valueFrom, `customFields.${name}.valueFrom`);
      customFields[name] = {
        type: f.type,
        value: f.type === "totp" ? value.replace(/\s+/g, "").toUpperCase() : value,
      };
    }
  }
  const out: RecordInputs = { ...inputs, customFields };
  if (inputs.passwordFrom !== undefined) out.password = resolveRef(inputs.passwordFrom, "passwordFrom");
  return out;
}

/**
 * Whether a value differs from what the old outputs say was stored: by value (encrypted) or by
 * fingerprint; undefined when the stored fingerprint cannot be checked here (no key at hand, or
 * `unverified`) — the caller then compares with the server.
 */
export function differsFromStored(
  k: FingerprintKey | undefined,
  recordId: string,
  slot: string,
  value: string | undefined,
  oldValue: string | undefined,
  oldFingerprint: string | undefined,
): boolean | undefined {
  if (value === undefined) return oldValue !== undefined || oldFingerprint !== undefined;
  if (oldValue !== undefined) return oldValue !== value;
  if (oldFingerprint !== undefined) {
    const same = verify(oldFingerprint, k, recordId, slot, value);
    return same === undefined ? undefined : !same;
  }
  return true;
}

/**
 * The outputs' secret parts for a record as the server has it (`data`, values in plaintext here, in
 * memory only): customFields mirror the declaration (`valueFrom` for references, the value for inline
 * non-secret fields, a fingerprint for anything else), envVars map names to fingerprints in none mode,
 * and `password` is left out in none mode. `passwordFingerprint` is the stored one when the password is
 * not known here (not rewritten by an update).
 */
export function secretFreeParts(
  k: FingerprintKey | undefined,
  data: RecordData,
  declared: RecordInputs,
  password: { value: string | null } | { fingerprint: string | undefined },
  drifted: readonly string[],
  stored: Record<string, string> = {},
): {
  customFields: Record<string, StoredField>;
  fingerprints: Record<string, string>;
  envVars?: Record<string, string>;
  secretsInState?: "none";
  passwordFrom?: { env: string } | { file: string };
  drifted?: string[];
} {
  const none = isNone(declared);
  const fp = (slot: string, value: string, random = false) =>
    slotFingerprint(k, data.id, slot, value, random, stored[slot]);
  const fingerprints: Record<string, string> = {};
  const passwordFp =
    "value" in password
      ? password.value
        ? fp(PASSWORD_SLOT, password.value, isRandomPassword(declared))
        : undefined
      : password.fingerprint;
  const declaresPassword =
    declared.generatePassword !== undefined || declared.passwordFrom !== undefined || none;
  if (passwordFp !== undefined && declaresPassword) fingerprints[PASSWORD_SLOT] = passwordFp;
  const customFields: Record<string, StoredField> = {};
  for (const c of data.customs) {
    const d = declared.customFields[c.name];
    const secret = d?.valueFrom !== undefined || (none && (c.type === "password" || c.type === "totp"));
    if (secret) fingerprints[fieldSlot(c.name)] = fp(fieldSlot(c.name), c.value);
    if (d?.valueFrom !== undefined) customFields[c.name] = { type: c.type, valueFrom: d.valueFrom };
    else if (!secret) customFields[c.name] = { type: c.type, value: c.value };
    else customFields[c.name] = { type: c.type, fingerprint: fp(fieldSlot(c.name), c.value) };
  }
  const out: ReturnType<typeof secretFreeParts> = { customFields, fingerprints };
  if (none) {
    out.secretsInState = "none";
    out.envVars = buildEnvMap([
      {
        name: data.name,
        password: passwordFp ?? null,
        customs: data.customs.map((c) => ({ ...c, value: fp(fieldSlot(c.name), c.value) })),
      },
    ]).env;
  }
  if (declared.passwordFrom !== undefined) out.passwordFrom = declared.passwordFrom;
  if (drifted.length > 0) out.drifted = [...drifted].sort();
  return out;
}

/** Drifted slots keep the fingerprint of the declared value, so the drift stays until `up` fixes it. */
export function keepExpected(
  fingerprints: Record<string, string>,
  stored: Record<string, string> | undefined,
  drifted: readonly string[],
): void {
  for (const slot of drifted) {
    const fp = stored?.[slot];
    if (fp !== undefined) fingerprints[slot] = fp;
  }
}

/**
 * The slots whose server value is not the declared one. References are resolved here when they can
 * be (a refresh on a machine without the variable falls back to the stored fingerprint); generated
 * passwords are compared by fingerprint; seed passwords and `keep` fields never drift. A fingerprint
 * that cannot be checked — made with a key that is gone, `unverified`, or keyed while the vault has no
 * key — is reported in one warning (and re-based by the caller when a key is at hand).
 */
export function driftedSlots(
  k: FingerprintKey | undefined,
  data: RecordData,
  old: RecordInputs & SecretOutputs,
  warn: (message: string) => void,
): string[] {
  const drifted: string[] = [];
  const unchecked: string[] = [];
  const stored = old.fingerprints ?? {};
  const check = (slot: string, server: string | null | undefined, desired: string | undefined) => {
    if (desired !== undefined) {
      if ((server ?? "") !== desired) drifted.push(slot);
      return;
    }
    const fp = stored[slot];
    if (fp === undefined) return;
    const same = server === null || server === undefined ? false : verify(fp, k, data.id, slot, server);
    if (same === false) drifted.push(slot);
    else if (same === undefined) unchecked.push(slot);
  };
  if (old.passwordMode !== "seed") {
    if (old.passwordFrom !== undefined) check(PASSWORD_SLOT, data.password, tryResolveRef(old.passwordFrom));
    else if (old.generatePassword !== undefined) check(PASSWORD_SLOT, data.password, undefined);
  }
  for (const [name, f] of Object.entries(old.customFields ?? {})) {
    if (f.valueFrom === undefined || isKeep(f.valueFrom)) continue;
    const server = data.customs.find((c) => c.name === name);
    if (server === undefined || server.type !== f.type) continue; // shown by customFields itself
    const desired = tryResolveRef(f.valueFrom);
    const canonical =
      desired !== undefined && f.type === "totp" ? desired.replace(/\s+/g, "").toUpperCase() : desired;
    check(fieldSlot(name), server.value, canonical);
  }
  if (unchecked.length > 0)
    warn(
      k === undefined
        ? `record "${data.name}": drift of ${unchecked.join(", ")} cannot be checked here: the vault has no fingerprint key yet (the next operation that writes to it makes one; until then a reference is checked where its variable or file is present)`
        : `record "${data.name}": the fingerprint of ${unchecked.join(", ")} was made with a fingerprint key that no longer exists, or before the vault had one; it is re-based on the current value (drift until now cannot be detected)`,
    );
  return drifted;
}
