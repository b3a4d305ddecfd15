/**
 * Keyed fingerprints of secret values (`secretsInState: "none"`): what the state holds instead of a
 * value, so drift can still be detected.
 *
 * `hmac-sha256:<keyId>:<base64url HMAC-SHA256(key, recordId \0 slot \0 value)>`
 * - the key is a random 256-bit value kept in Passwork itself, in one record per vault
 *   (FINGERPRINT_KEY_RECORD at the vault root), created on first use and read once per process;
 *   the state holds only its record id. It is a `totp`-typed custom field of a record without a
 *   password, so `passwork-cli exec --vault-id` (and getSecrets) export nothing for that record. Without the key a fingerprint does not let anyone test guesses
 *   of a value offline, however low its entropy; with read access to the vault one could, but such a
 *   reader can read the values themselves.
 * - the record id and slot (`password`, `customFields.NAME`) are inside the MAC, so the same value in
 *   two records or two fields gives unrelated fingerprints (the state does not reveal reuse).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { items, type PassworkClient, type RecordData } from "../client";
import { createOnce, isNotFound } from "./outcome";

/** The name of the key record at each vault's root. Other code leaves it out of listings and guards. */
export const FINGERPRINT_KEY_RECORD = "pulumi-passwork fingerprint key";
const KEY_FIELD = "FINGERPRINT_KEY";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding: a valid TOTP-seed text, so Passwork accepts it in a totp field. */
function base32(bytes: Buffer): string {
  let bits = 0;
  let acc = 0;
  let out = "";
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}

export interface FingerprintKey {
  /** The id of the record that holds it (what fingerprints name). */
  id: string;
  key: Buffer;
}

const PREFIX = "hmac-sha256:";

export function fingerprint(k: FingerprintKey, recordId: string, slot: string, value: string): string {
  const mac = createHmac("sha256", k.key).update(`${recordId}\0${slot}\0${value}`, "utf8").digest();
  return `${PREFIX}${k.id}:${mac.toString("base64url")}`;
}

/** The key record id a fingerprint was made with, or undefined for anything else. */
export function keyIdOf(fp: unknown): string | undefined {
  if (typeof fp !== "string" || !fp.startsWith(PREFIX)) return undefined;
  const id = fp.slice(PREFIX.length).split(":")[0];
  return id ? id : undefined;
}

/** Whether `value` has fingerprint `fp` under `k` (false when fp was made with another key). */
export function matches(
  k: FingerprintKey,
  recordId: string,
  slot: string,
  value: string,
  fp: string,
): boolean {
  const a = Buffer.from(fingerprint(k, recordId, slot, value));
  const b = Buffer.from(fp);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Per client (so per connection settings): vault id → the key, loaded once per process. */
const cache = new WeakMap<PassworkClient, Map<string, Promise<FingerprintKey>>>();

/**
 * The vault's fingerprint key. `hint` (a key id from a stored fingerprint) is read directly, in the same
 * /batch as the refresh's other reads; otherwise the vault root is listed, and the key record is created
 * when there is none (the only write this feature makes, once per vault).
 */
export function vaultKey(c: PassworkClient, vaultId: string, hint?: string): Promise<FingerprintKey> {
  let perVault = cache.get(c);
  if (!perVault) cache.set(c, (perVault = new Map()));
  let pending = perVault.get(vaultId);
  if (!pending) {
    pending = loadKey(c, vaultId, hint);
    perVault.set(vaultId, pending);
    pending.catch(() => perVault!.delete(vaultId));
  }
  return pending;
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

async function loadKey(c: PassworkClient, vaultId: string, hint?: string): Promise<FingerprintKey> {
  if (hint) {
    try {
      const data = await items.read(c, hint);
      const k = data.vaultId === vaultId && data.name === FINGERPRINT_KEY_RECORD && fromRecord(hint, data);
      if (k) return k;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  const found = await findKey(c, vaultId);
  if (found) return found;
  await createOnce(
    () =>
      items.create(c, {
        vaultId,
        folderId: null,
        name: FINGERPRINT_KEY_RECORD,
        customs: [{ name: KEY_FIELD, type: "totp", value: base32(randomBytes(32)) }],
        description:
          "Key of the fingerprints pulumi-passwork keeps in Pulumi state instead of secret values (secretsInState: none). Deleting it makes stored fingerprints unverifiable until the next write; see docs/secrets-in-state.md.",
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
