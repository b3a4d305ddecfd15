/**
 * Record attachments, byte-compatible with Passwork's own clients (learned from passwork-python 0.2.0's
 * behaviour and the vendor data; no code taken):
 *
 * - encryption off: `encryptedKey` = base64 of a fixed 32-character placeholder key, `encryptedData` =
 *   base64(base64(bytes));
 * - client-side encryption: a fresh 100-character attachment key from the key alphabet, `encryptedKey` =
 *   Passwork-AES(attachment key, item key), `encryptedData` = Passwork-AES(base64(bytes), attachment key);
 * - `hash` = sha256 hex of the bytes read as Latin-1 code points and written as UTF-8 (the official
 *   client computes it that way and checks it on download).
 *
 * Uploads travel inside the item's PATCH (`attachments`); a list naming any kept `{id}` is the whole new
 * list (docs/emulator.md, exception 3).
 */
import { createHash } from "node:crypto";
import type { PassworkClient } from "./core";
import { decryptString, encryptString } from "./crypto/aes";
import { CryptoError } from "./crypto/errors";
import { KEY_ALPHABET, randomString } from "./crypto/random";
import { itemKeyOf } from "./key-context";
import { path } from "./path";
import { written } from "./records";
import { EmptyResponseSchema } from "../../protocol/common";
import { ItemSchema, type Item } from "../../protocol/items";
import { AttachmentSchema, type Attachment } from "../../protocol/sharing";

/** The key the official client sends (base64) for a file with encryption off. */
const PLAIN_ATTACHMENT_KEY = "a".repeat(32);
const ATTACHMENT_KEY_LENGTH = 100;

/** Passwork's attachment `hash` of some bytes. */
export function attachmentHash(bytes: Buffer): string {
  return createHash("sha256")
    .update(Buffer.from(bytes.toString("latin1"), "utf8"))
    .digest("hex");
}

export interface Upload {
  name: string;
  encryptedKey: string;
  encryptedData: string;
  hash: string;
}

/** One file as an upload entry; `itemKey` null = encryption off. */
export function encodeAttachment(name: string, bytes: Buffer, itemKey: string | null): Upload {
  const base64 = bytes.toString("base64");
  if (itemKey === null)
    return {
      name,
      encryptedKey: Buffer.from(PLAIN_ATTACHMENT_KEY, "utf8").toString("base64"),
      encryptedData: Buffer.from(base64, "ascii").toString("base64"),
      hash: attachmentHash(bytes),
    };
  const key = randomString(ATTACHMENT_KEY_LENGTH, KEY_ALPHABET);
  return {
    name,
    encryptedKey: encryptString(key, itemKey),
    encryptedData: encryptString(base64, key),
    hash: attachmentHash(bytes),
  };
}

/** The bytes of a downloaded attachment, its hash checked. */
export function decodeAttachment(att: Attachment, itemKey: string | null): Buffer {
  const label = `attachment "${att.name}" (${att.id})`;
  const base64 =
    itemKey === null
      ? Buffer.from(att.encryptedData, "base64").toString("ascii")
      : decryptString(att.encryptedData, decryptString(att.encryptedKey, itemKey, `${label} key`), label);
  const bytes = Buffer.from(base64, "base64");
  if (attachmentHash(bytes) !== att.hash)
    throw new CryptoError("decrypt-failed", `${label} does not match its hash: damaged or the wrong key`);
  return bytes;
}

/** The item with its attachment list (`{id, name, encryptedKey}` each) and its item key. */
export async function itemWithKey(
  c: PassworkClient,
  itemId: string,
): Promise<{ item: Item; itemKey: string | null }> {
  const item = await c.get(path`/items/${itemId}`, ItemSchema);
  return { item, itemKey: await itemKeyOf(c, item) };
}

/** GET /api/v1/items/{id}/attachment/{attachmentId}, decrypted to its bytes. */
export async function download(c: PassworkClient, itemId: string, attachmentId: string): Promise<Buffer> {
  const { itemKey } = await itemWithKey(c, itemId);
  return decodeAttachment(
    await c.get(path`/items/${itemId}/attachment/${attachmentId}`, AttachmentSchema),
    itemKey,
  );
}

/**
 * One PATCH that leaves the record with the attachments `keep` (by id) plus `uploads`. Passwork reads a
 * list without any `{id}` as "add these", so removing every file while adding new ones takes two writes.
 */
export async function replaceAttachments(
  c: PassworkClient,
  item: Pick<Item, "id" | "vaultId">,
  keep: readonly string[],
  uploads: readonly Upload[],
  hadOthers: boolean,
): Promise<number> {
  written(c, item.id);
  let writes = 0;
  const patch = async (attachments: unknown[]) => {
    await c.patch(path`/items/${item.id}`, { vaultId: item.vaultId, attachments }, EmptyResponseSchema);
    writes += 1;
  };
  if (keep.length === 0 && hadOthers) await patch([]);
  if (keep.length > 0 || uploads.length > 0) await patch([...keep.map((id) => ({ id })), ...uploads]);
  return writes;
}
