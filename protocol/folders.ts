import { z } from "zod";
import { ObjectId, PathEntrySchema } from "./common";

export const FolderName = z.string().min(1, "must not be empty").max(255, "must be at most 255 characters");

export const FolderSchema = z.looseObject({
  id: ObjectId,
  name: z.string(),
  vaultId: ObjectId,
  parentFolderId: ObjectId.nullable(),
  /** The vault, then every ancestor folder (not the folder itself). */
  path: z.array(PathEntrySchema).optional(),
  color: z.number().int().nullable().optional(),
});
export type Folder = z.infer<typeof FolderSchema>;

/** POST /api/v1/folders */
export const FolderCreateParams = z.strictObject({
  name: FolderName,
  vaultId: ObjectId,
  parentFolderId: ObjectId.nullable().optional(),
});
export type FolderCreateParams = z.infer<typeof FolderCreateParams>;

/** POST /api/v1/folders/{id} (rename). */
export const FolderUpdateParams = z.strictObject({ name: FolderName });
export type FolderUpdateParams = z.infer<typeof FolderUpdateParams>;

/** POST /api/v1/folders/{id}/move: within the same vault; null = the vault root. */
export const FolderMoveParams = z.strictObject({ targetFolderId: ObjectId.nullable() });
export type FolderMoveParams = z.infer<typeof FolderMoveParams>;
