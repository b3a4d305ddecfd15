/**
 * Fingerprints of secret values (`secretsInState: "none"`): what the state holds instead of a value,
 * so drift can still be detected. Three forms (docs/secrets-in-state.md, "Fingerprints"):
 *
 * `hmac-sha256:<keyId>:<base64url HMAC-SHA256(key, recordId \0 slot \0 value)>` — the usual form.
 * - the key is a random 256-bit value kept in Passwork itself, in one record per vault
 *   (FINGERPRINT_KEY_RECORD at the vault root), created by the first operation that writes to the
 *   vault anyway (never by a refresh or a state-only update) and read once per process; the state holds
 *   only its record id. It is a `totp`-typed custom field of a record without a password, so
 *   `passwork-cli exec --vault-id` (and getSecrets) export nothing for that record. Without the key a
 *   fingerprint does not let anyone test guesses of a value offline, however low its entropy; with read
 *   access to the vault one could, but such a reader can read the values themselves.
 * - the record id and slot (`password`, `customFields.NAME`) are inside the MAC, so the same value in
 *   two records or two fields gives unrelated fingerprints (the state does not reveal reuse).
 *
 * `sha256:<base64url SHA-256(domain \0 recordId \0 slot \0 value)>` — only for a password this
 * provider generated with at least MIN_DIGEST_BITS of randomness, when the vault has no key yet and the
 * operation writes nothing (switching a stack to `none`): no guess of such a value can be tested.
 *
 * `unverified` — no key yet and a value that may be guessable: nothing about the value is stored; drift
 * of that slot is checked by resolving its reference (when the variable or file is there) until an
 * operation that writes to the vault creates the key.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { base32Rfc4648, items, type PassworkClient, type RecordData } from "../client";
import { createOnce, isNotFound } from "./outcome";

/** The name of the key record at each vault's root. Other code leaves it out of listings and guards. */
export const FINGERPRINT_KEY_RECORD = "pulumi-passwork fingerprint key";
const KEY_FIELD = "FINGERPRINT_KEY";
export interface FingerprintKey {
  /** The id of the record that holds it (what fingerprints name). */
  id: string;
  key: Buffer;
}

const PREFIX = "hmac-sha256:";
const DIGEST_PREFIX = "sha256:";
const DIGEST_DOMAIN = "pulumi-passwork generated password";
/** The fingerprint of a slot whose value may be guessable and no key exists for yet. */
export const UNVERIFIED = "unverified";
/** The least randomness (bits) of a generated password whose unkeyed digest may be stored. */
export const MIN_DIGEST_BITS = 96;

export function fingerprint(k: FingerprintKey, recordId: string, slot: string, value: string): string {
  const mac = createHmac("sha256", k.key).update(`${recordId}\0${slot}\0${value}`, "utf8").digest();
  return `${PREFIX}${k.id}:${mac.toString("base64url")}`;
}

/** The unkeyed form: only for values with at least MIN_DIGEST_BITS of randomness (see the header). */
export function digest(recordId: string, slot: string, value: string): string {
  const d = createHash("sha256").update(`${DIGEST_DOMAIN}\0${recordId}\0${slot}\0${value}`, "utf8").digest();
  return `${DIGEST_PREFIX}${d.toString("base64url")}`;
}

/** The key record id a fingerprint was made with, or undefined for anything else. */
export function keyIdOf(fp: unknown): string | undefined {
  if (typeof fp !== "string" || !fp.startsWith(PREFIX)) return undefined;
  const id = fp.slice(PREFIX.length).split(":")[0];
  return id ? id : undefined;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Whether `value` is the one `fp` was made of: true/false, or undefined when this cannot be told
 * (`unverified`, a keyed fingerprint without its key at hand, anything unknown).
 */
export function verify(
  fp: string,
  k: FingerprintKey | undefined,
  recordId: string,
  slot: string,
  value: string,
): boolean | undefined {
  if (fp.startsWith(DIGEST_PREFIX)) return same(digest(recordId, slot, value), fp);
  if (k !== undefined && keyIdOf(fp) === k.id) return same(fingerprint(k, recordId, slot, value), fp);
  return undefined;
}

/** Per client (so per connection settings), per vault: the key found (or not), and the key made. */
interface VaultKeys {
  found?: Promise<FingerprintKey | undefined>;
  ensured?: Promise<FingerprintKey>;
}
const cache = new WeakMap<PassworkClient, Map<string, VaultKeys>>();

function slotOf(c: PassworkClient, vaultId: string): VaultKeys {
  let perVault = cache.get(c);
  if (!perVault) cache.set(c, (perVault = new Map()));
  let slot = perVault.get(vaultId);
  if (!slot) perVault.set(vaultId, (slot = {}));
  return slot;
}

/**
 * The vault's fingerprint key if it has one; never writes. `hint` (a key id from a stored fingerprint)
 * is read directly, in the same /batch as the refresh's other reads; otherwise the vault root is listed.
 */
export function existingVaultKey(
  c: PassworkClient,
  vaultId: string,
  hint?: string,
): Promise<FingerprintKey | undefined> {
  const slot = slotOf(c, vaultId);
  if (slot.ensured) return slot.ensured;
  if (!slot.found) {
    const pending = loadKey(c, vaultId, hint);
    slot.found = pending;
    pending.catch(() => delete slot.found);
  }
  return slot.found;
}

/**
 * The vault's fingerprint key, created when there is none — only for operations that write to the
 * vault anyway (the one write this feature adds, once per vault).
 */
export function vaultKey(c: PassworkClient, vaultId: string, hint?: string): Promise<FingerprintKey> {
  const slot = slotOf(c, vaultId);
  if (!slot.ensured) {
    const pending = existingVaultKey(c, vaultId, hint).then((k) => k ?? createKey(c, vaultId));
    slot.ensured = pending;
    pending.catch(() => delete slot.ensured);
  }
  return slot.ensured;
}

function fromRecord(id: string, data: RecordData): FingerprintKey | undefined {
  const text = data.customs.find((c) => c.name === KEY_FIELD)?.value;
  // 52 base32 characters = 256 random bits; the text itself is the HMAC key.
  return text && /^[A-Z2-7]{52,}$/.test(text) ? { id, key: Buffer.from(text, "utf8") } : undefined;
}

async function findKey(c: PassworkClient, vaultId: string): Promise<FingerprintKey | undefined> {
  const listed = await items.list(c, { vaultId });
  // Two provider processes may both have created one: every process settles on the smallest id.
  const candidates = listed
    .filter((s) => s.name === FINGERPRINT_KEY_RECORD && !s.folderId)
    .map((s) => s.id)
    .sort();
  for (const id of candidates) {
    const k = fromRecord(id, await items.get(c, id));
    if (k) return k;
  }
  return undefined;
}

async function loadKey(
  c: PassworkClient,
  vaultId: string,
  hint?: string,
): Promise<FingerprintKey | undefined> {
  if (hint) {
    try {
      const data = await items.read(c, hint);
      const k = data.vaultId === vaultId && data.name === FINGERPRINT_KEY_RECORD && fromRecord(hint, data);
      if (k) return k;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return findKey(c, vaultId);
}

async function createKey(c: PassworkClient, vaultId: string): Promise<FingerprintKey> {
  await createOnce(
    () =>
      items.create(c, {
        vaultId,
        folderId: null,
        name: FINGERPRINT_KEY_RECORD,
        customs: [{ name: KEY_FIELD, type: "totp", value: base32Rfc4648(randomBytes(32)) }],
        description:
          "Key of the fingerprints pulumi-passwork keeps in Pulumi state instead of secret values (secretsInState: none). Deleting it makes stored fingerprints unverifiable until the next write to this vault; see docs/secrets-in-state.md.",
        login: "",
        url: "",
        color: 0,
        tags: [],
      }),
    async () => (await findKey(c, vaultId))?.id,
  );
  const created = await findKey(c, vaultId);
  if (!created)
    throw new Error(
      `the fingerprint key record of vault ${vaultId} could not be read back after it was created`,
    );
  return created;
}
