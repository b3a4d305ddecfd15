/**
 * Attachments, shortcuts, links, inbox items and the other endpoints the official client
 * (passwork-python 0.2.0) uses beyond items/vaults: shapes as its code and the vendor's examples show them.
 */
import { z } from "zod";
import { ObjectId, PathEntrySchema, UnixSeconds } from "./common";
import { ItemSchema } from "./items";

/** Attachment bytes travel inside item create/update; the vendor's client caps a file at 5 MB. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * One entry of `attachments` in an item create/PATCH body: either a new upload
 * `{name, encryptedKey, encryptedData, hash}` or, on PATCH, an existing attachment kept by `{id}`
 * (further fields of a kept entry, e.g. the `{id, encryptedKey, name}` a read returned, are ignored).
 */
export const AttachmentUploadParams = z.strictObject({
  name: z.string().min(1, "must not be empty").max(255),
  encryptedKey: z.string().min(1),
  /** base64(base64(bytes)) with encryption off, Passwork-AES of base64(bytes) under CSE. */
  encryptedData: z.string().min(1),
  /** sha256 hex of the bytes read as Latin-1 code points. */
  hash: z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 hex digest"),
});
export const AttachmentKeepParams = z.looseObject({ id: ObjectId });
export const AttachmentParams = z.union([AttachmentUploadParams, AttachmentKeepParams]);
export type AttachmentParams = z.infer<typeof AttachmentParams>;

/** GET /api/v1/items/{id}/attachment/{attachmentId} and /snapshots/{snapshotId}/attachment/{attachmentId}. */
export const AttachmentSchema = z.looseObject({
  id: ObjectId,
  name: z.string(),
  encryptedKey: z.string(),
  encryptedData: z.string(),
  hash: z.string(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/** POST /api/v1/shortcuts → {id}. Under CSE `keyEncrypted` = the item key encrypted with the target vault's key. */
export const ShortcutCreateParams = z.strictObject({
  itemId: ObjectId,
  vaultId: ObjectId,
  folderId: ObjectId.nullable().optional(),
  keyEncrypted: z.string().min(1).nullable().optional(),
});
export type ShortcutCreateParams = z.infer<typeof ShortcutCreateParams>;

export const ShortcutInfoSchema = z.looseObject({
  id: ObjectId,
  itemId: ObjectId,
  vaultId: ObjectId,
  folderId: ObjectId.nullable(),
  keyEncrypted: z.string().nullable(),
  /** The creator's login (vendor example). */
  creator: z.string(),
});
/**
 * GET /api/v1/shortcuts/{id} and each hit of GET /api/v1/shortcuts/search: the target item's fields
 * (top-level `id` is the **item** id), `shortcut{…}`, and `path` = where the shortcut lives.
 */
export const ShortcutSchema = ItemSchema.extend({
  shortcut: ShortcutInfoSchema,
  path: z.array(PathEntrySchema),
});
export type Shortcut = z.infer<typeof ShortcutSchema>;

export const LINK_TYPES = ["single_use", "reusable"] as const;
export const LINK_EXPIRATION_TIMES = ["1 hour", "1 week", "1 month", "unlimited"] as const;
/** POST /api/v1/links → {url}. `keyHash`/`keyEncrypted` are null with encryption off. */
export const LinkCreateParams = z.strictObject({
  itemId: ObjectId,
  shortcutId: ObjectId.optional(),
  itemData: z.looseObject({ name: z.string() }),
  keyHash: z.string().nullable(),
  keyEncrypted: z.string().nullable(),
  type: z.enum(LINK_TYPES),
  expirationTime: z.enum(LINK_EXPIRATION_TIMES),
});
export type LinkCreateParams = z.infer<typeof LinkCreateParams>;
export const LinkResponseSchema = z.looseObject({ url: z.string() });

/** GET /api/v1/inbox-items/{id}: the shared item with `inbox{…}`; `inbox.keyEncrypted` = RSA(item key) to me. */
export const InboxItemSchema = ItemSchema.extend({
  inbox: z.looseObject({
    id: ObjectId,
    keyEncrypted: z.string().nullable(),
    access: z.string(),
    senderId: ObjectId,
    createdAt: UnixSeconds,
    isViewed: z.boolean(),
    isUserNotified: z.boolean(),
    sender: z.looseObject({ id: ObjectId, login: z.string(), fullName: z.string() }),
  }),
});

/** GET /api/v1/users/master-key/new-options: PBKDF2 parameters for a new user's master key. */
export const NewMasterKeyOptionsSchema = z.looseObject({
  salt: z.string().min(1),
  iterations: z.number().int().positive(),
  bytes: z.number().int().positive(),
  digest: z.string(),
});

/** POST /api/v1/app/health-check `{token}`, no Bearer auth. */
export const HealthCheckParams = z.strictObject({ token: z.string() });
export const HealthCheckSchema = z.looseObject({
  states: z.record(z.string(), z.string()),
  errors: z.array(z.unknown()),
});
