/**
 * Plaintext record ⇄ wire item, for both encryption modes.
 *
 * Encryption off: `passwordEncrypted` and each custom field's name/type/value are base64 of UTF-8.
 * Client-side encryption on: the item key (`keyEncrypted`, AES under the vault key) encrypts the
 * password and each custom field's name/type/value. The mode is read from the data itself.
 * The caller resolves the vault key (KeyChain.vaultKey) and passes it in; nothing here does HTTP.
 */
import { CryptoError, MasterKeyRequiredError } from "./crypto/errors";
import { decryptString, encryptString, isPassworkCiphertext } from "./crypto/aes";
import { newItemKey } from "./crypto/random";
import { CUSTOM_FIELD_TYPES, type Item, type ItemUpdateParams } from "../../protocol/items";

export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export interface CustomField {
  name: string;
  type: CustomFieldType;
  value: string;
}

/** Plaintext record as the providers see it. */
export interface RecordData {
  id: string;
  vaultId: string;
  folderId: string | null;
  name: string;
  login: string;
  url: string;
  description: string;
  color: number;
  tags: string[];
  /** null when the item has no password; "" only for an encrypted empty string (CSE). */
  password: string | null;
  customs: CustomField[];
  /** Custom fields of a type we do not model (name and type only): left on the server as they are. */
  otherCustoms?: { name: string; type: string }[];
  path?: { name: string; vaultId: string; folderId: string | null }[];
}

/** A create or PATCH: only the fields present are sent; `tags` and `customs` replace the whole list. */
export interface RecordWrite {
  vaultId: string;
  folderId?: string | null;
  name?: string;
  login?: string;
  url?: string;
  description?: string;
  color?: number;
  tags?: string[];
  password?: string | null;
  customs?: CustomField[];
}

export type DecodeContext = { vaultKey: string | null };
export type EncodeContext = { cse: false } | { cse: true; vaultKey: string; keyEncrypted?: string | null };

/** The wire body of POST /items or PATCH /items/{id} (`name` is required for a create; the caller checks). */
export type EncodedWrite = ItemUpdateParams & { vaultId: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

function isCustomFieldType(value: string): value is CustomFieldType {
  return (CUSTOM_FIELD_TYPES as readonly string[]).includes(value);
}

function fromBase64(value: string, label: string): string {
  if (!BASE64.test(value) || value.length % 4 !== 0) {
    throw new CryptoError(
      "unsupported-data",
      `${label} is neither base64 (encryption off) nor Passwork ciphertext (encryption on)`,
    );
  }
  try {
    return utf8Strict.decode(Buffer.from(value, "base64"));
  } catch {
    throw new CryptoError("unsupported-data", `${label} is base64 but not UTF-8 text`);
  }
}

const toBase64 = (value: string): string => Buffer.from(value, "utf8").toString("base64");

/** True when the item carries client-side encrypted material. */
export function isEncryptedItem(item: Pick<Item, "keyEncrypted" | "passwordEncrypted" | "customs">): boolean {
  if (item.keyEncrypted) return true;
  if (isPassworkCiphertext(item.passwordEncrypted)) return true;
  return (item.customs ?? []).some(
    (c) => isPassworkCiphertext(c.name) || isPassworkCiphertext(c.value) || isPassworkCiphertext(c.type),
  );
}

/**
 * The raw wire entries of the custom fields whose type we do not model. A PATCH replaces the whole
 * `customs` list, so a write of customs re-sends these unchanged (same item key) and a person's field
 * of another type survives an update of ours.
 */
export function unmodelledWireCustoms(item: Item, ctx: DecodeContext): NonNullable<Item["customs"]> {
  if (!item.customs?.length) return [];
  const reveal = revealer(item, ctx);
  return item.customs.filter((c, i) => !isCustomFieldType(reveal(c.type, `custom field ${i} type`)));
}

function revealer(item: Item, ctx: DecodeContext): (value: string, label: string) => string {
  const where = `item ${item.id}`;
  let reveal: (value: string, label: string) => string;
  if (isEncryptedItem(item)) {
    if (ctx.vaultKey === null || ctx.vaultKey === "")
      throw new MasterKeyRequiredError(`this item (${item.id})`);
    if (!item.keyEncrypted) {
      throw new CryptoError(
        "unsupported-data",
        `${where} carries ciphertext but no keyEncrypted, so its item key is unknown`,
      );
    }
    const itemKey = decryptString(
      item.keyEncrypted,
      ctx.vaultKey,
      `${where} keyEncrypted (item key, under the vault key)`,
    );
    reveal = (value, label) => decryptString(value, itemKey, `${where} ${label}`);
  } else {
    reveal = (value, label) => fromBase64(value, `${where} ${label}`);
  }
  return reveal;
}

export function decodeItem(item: Item, ctx: DecodeContext): RecordData {
  const reveal = revealer(item, ctx);

  // Like passwork-cli: a password exists when `passwordEncrypted` is non-empty; under CSE that may be
  // the encryption of "" (exec exports NAME=""), with encryption off base64("") is "" (no password).
  const password = item.passwordEncrypted ? reveal(item.passwordEncrypted, "password") : null;
  const customs: CustomField[] = [];
  const otherCustoms: { name: string; type: string }[] = [];
  (item.customs ?? []).forEach((custom, index) => {
    const type = reveal(custom.type, `custom field ${index} type`);
    const name = reveal(custom.name, `custom field ${index} name`);
    // The server stores any type string; a field of a type we do not model is kept on the server
    // untouched and reported, never a reason to fail the read (passwork-cli exec skips it too).
    if (!isCustomFieldType(type)) {
      otherCustoms.push({ name, type });
      return;
    }
    customs.push({ name, type, value: reveal(custom.value, `custom field ${index} value`) });
  });

  const record: RecordData = {
    id: item.id,
    vaultId: item.vaultId,
    folderId: item.folderId,
    name: item.name,
    login: item.login ?? "",
    url: item.url ?? "",
    description: item.description ?? "",
    color: item.color ?? 0,
    tags: [...item.tags],
    password,
    customs,
  };
  if (otherCustoms.length) record.otherCustoms = otherCustoms;
  if (item.path)
    record.path = item.path.map((p) => ({ name: p.name, vaultId: p.vaultId, folderId: p.folderId }));
  return record;
}

export function encodeWrite(write: RecordWrite, ctx: EncodeContext): EncodedWrite {
  const out: EncodedWrite = { vaultId: write.vaultId };
  if (write.folderId !== undefined) out.folderId = write.folderId;
  if (write.name !== undefined) out.name = write.name;
  if (write.login !== undefined) out.login = write.login;
  if (write.url !== undefined) out.url = write.url;
  if (write.description !== undefined) out.description = write.description;
  if (write.color !== undefined) out.color = write.color;
  if (write.tags !== undefined) out.tags = [...write.tags];

  write.customs?.forEach((custom, index) => {
    if (!isCustomFieldType(custom.type)) {
      throw new CryptoError(
        "bad-input",
        `customs[${index}].type must be one of ${CUSTOM_FIELD_TYPES.join(", ")}`,
      );
    }
  });

  let hide: (value: string) => string;
  if (ctx.cse) {
    if (typeof ctx.vaultKey !== "string" || ctx.vaultKey === "") {
      throw new CryptoError("bad-input", "encodeWrite under client-side encryption needs the vault key");
    }
    const vaultKey = ctx.vaultKey;
    let itemKey: string | undefined;
    if (!ctx.keyEncrypted) {
      itemKey = newItemKey();
      out.keyEncrypted = encryptString(itemKey, vaultKey);
    } else if (write.password !== undefined || write.customs !== undefined) {
      // Update: keep the item key, or every field not in this write would become unreadable.
      itemKey = decryptString(ctx.keyEncrypted, vaultKey, "the existing item key (keyEncrypted)");
      out.keyEncrypted = ctx.keyEncrypted;
    }
    hide = (value) => encryptString(value, itemKey ?? "");
  } else {
    hide = toBase64;
  }

  if (write.password !== undefined) {
    out.passwordEncrypted = write.password === null || write.password === "" ? "" : hide(write.password);
  }
  if (write.customs !== undefined) {
    out.customs = write.customs.map((c) => ({
      name: hide(c.name),
      type: hide(c.type),
      value: hide(c.value),
    }));
  }
  return out;
}
