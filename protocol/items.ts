import { z } from "zod";
import { ObjectId, PathEntrySchema, UnixSeconds } from "./common";

/**
 * Custom field as it travels: `name`, `type` and `value` are each base64 (encryption off) or
 * Passwork-AES ciphertext (client-side encryption on). Decrypted types: text | password | totp.
 */
export const WireCustomSchema = z.looseObject({ name: z.string(), value: z.string(), type: z.string() });
export type WireCustom = z.infer<typeof WireCustomSchema>;
export const CUSTOM_FIELD_TYPES = ["text", "password", "totp"] as const;

export const AttachmentRefSchema = z.looseObject({
  id: ObjectId,
  encryptedKey: z.string(),
  name: z.string(),
});

export const ItemSchema = z.looseObject({
  id: ObjectId,
  vaultId: ObjectId,
  folderId: ObjectId.nullable(),
  name: z.string(),
  login: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  urls: z.array(z.string()).optional(),
  description: z.string().nullable().optional(),
  passwordEncrypted: z.string().nullable(),
  keyEncrypted: z.string().nullable(),
  customs: z.array(WireCustomSchema).nullable().optional(),
  attachments: z.array(AttachmentRefSchema).optional(),
  tags: z.array(z.string()),
  color: z.number().int().nullable().optional(),
  isFavorite: z.boolean().optional(),
  isDeleted: z.boolean().optional(),
  fieldsOrder: z.unknown().optional(),
  vaultMasterKeyEncrypted: z.string().nullable().optional(),
  /** Search results and our emulator's GET carry the breadcrumb. */
  path: z.array(PathEntrySchema).optional(),
});
export type Item = z.infer<typeof ItemSchema>;

export const ItemName = z.string().min(1, "must not be empty").max(255, "must be at most 255 characters");
export const Tag = z.string().min(1, "must not be empty").max(64, "must be at most 64 characters");
/** Passwork's colour palette is a small integer code; 0 = none. */
export const ColorCode = z.number().int().min(0).max(32);

const itemFields = {
  folderId: ObjectId.nullable().optional(),
  name: ItemName,
  login: z.string().max(4096).optional(),
  url: z.string().max(4096).optional(),
  description: z.string().max(65536).nullable().optional(),
  color: ColorCode.optional(),
  tags: z.array(Tag).max(100).optional(),
  passwordEncrypted: z.string().max(65536).optional(),
  keyEncrypted: z.string().nullable().optional(),
  customs: z
    .array(z.strictObject({ name: z.string(), value: z.string(), type: z.string() }))
    .max(100)
    .optional(),
  /** New uploads `{name, encryptedKey, encryptedData, hash}`; on PATCH also kept ones `{id}` (protocol/sharing.ts). */
  attachments: z.array(z.unknown()).max(100).optional(),
};

/** POST /api/v1/items → {id} */
export const ItemCreateParams = z.strictObject({ vaultId: ObjectId, ...itemFields });
export type ItemCreateParams = z.infer<typeof ItemCreateParams>;

/**
 * PATCH /api/v1/items/{id}: fields left out stay as they are; `tags` and `customs` replace the whole
 * list. `vaultId` is sent by the official client; it must name the item's current vault (use move).
 */
export const ItemUpdateParams = z.strictObject({
  vaultId: ObjectId.optional(),
  ...itemFields,
  name: ItemName.optional(),
});
export type ItemUpdateParams = z.infer<typeof ItemUpdateParams>;

/** POST /api/v1/items/{id}/move */
export const ItemMoveParams = z.strictObject({ vaultId: ObjectId, folderId: ObjectId.nullable() });
export type ItemMoveParams = z.infer<typeof ItemMoveParams>;

/** GET /api/v1/items/search query (arrays PHP-style: `tags[]=a&tags[]=b`). */
export const ItemSearchQuery = z.strictObject({
  query: z.string().optional(),
  tags: z.array(z.string()).optional(),
  colorCodes: z.array(z.coerce.number().int()).optional(),
  vaultIds: z.array(ObjectId).optional(),
  folderIds: z.array(ObjectId).optional(),
});
export type ItemSearchQuery = z.infer<typeof ItemSearchQuery>;

export const SnapshotSummarySchema = z.looseObject({
  id: ObjectId,
  itemId: ObjectId,
  createdAt: UnixSeconds,
  creatorId: ObjectId,
});
export const SnapshotSchema = z.looseObject({
  id: ObjectId,
  itemId: ObjectId,
  name: z.string(),
  login: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  customs: z.array(WireCustomSchema).nullable().optional(),
  tags: z.array(z.string()),
  passwordEncrypted: z.string().nullable(),
  keyEncrypted: z.string().nullable(),
  creatorId: ObjectId,
  createdAt: UnixSeconds,
});

/**
 * A list/search result: summaries carry no guaranteed key material (clients re-fetch each id), so
 * only the identifying fields are required. Added for the client's `items.list` / `search.items`.
 */
export const ItemSummarySchema = z.looseObject({
  id: ObjectId,
  vaultId: ObjectId,
  folderId: ObjectId.nullable(),
  name: z.string(),
  tags: z.array(z.string()).optional(),
  color: z.number().int().nullable().optional(),
  path: z.array(PathEntrySchema).optional(),
});
export type ItemSummary = z.infer<typeof ItemSummarySchema>;
