/**
 * Wire schemas shared by the client (which parses responses with them) and the emulator (which
 * validates request bodies with them and builds responses that satisfy them).
 *
 * Conventions: `*Schema` for response objects (loose: unknown fields are kept, so a new Passwork field
 * never breaks a read), `*Params` for request bodies (strict: an unknown field is a 400 naming it).
 */
import { z } from "zod";

/** 24-hex MongoDB ObjectId, the id format of every Passwork object (the one place this pattern is written). */
export const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/;

export function isObjectId(value: unknown): value is string {
  return typeof value === "string" && OBJECT_ID_PATTERN.test(value);
}

export const ObjectId = z.string().regex(OBJECT_ID_PATTERN, "must be a 24-character hex ObjectId");
export type ObjectId = z.infer<typeof ObjectId>;

export const ErrorEntrySchema = z.looseObject({
  code: z.string(),
  field: z.string().optional(),
  message: z.string(),
});
export const ErrorBodySchema = z.looseObject({ errors: z.array(ErrorEntrySchema).min(1) });
export type ErrorEntry = z.infer<typeof ErrorEntrySchema>;
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Default response wrapping unless the request carries `X-Response-Format: raw`. */
export const EnvelopeSchema = z.object({ format: z.literal("base64"), content: z.string() });

export const IdResponseSchema = z.looseObject({ id: ObjectId });
export const BinItemResponseSchema = z.looseObject({ binItemId: ObjectId });
export const EmptyResponseSchema = z.looseObject({});

export function listOf<T extends z.ZodType>(item: T) {
  return z.looseObject({ items: z.array(item) });
}

/** Breadcrumb entry: the vault first (folderId null), then each folder down to the parent. */
export const PathEntrySchema = z.looseObject({
  name: z.string(),
  vaultId: ObjectId,
  folderId: ObjectId.nullable(),
});
export type PathEntry = z.infer<typeof PathEntrySchema>;

/** Unix seconds. */
export const UnixSeconds = z.number().int().nonnegative();
