import { z } from "zod";
import { ObjectId, UnixSeconds } from "./common";

/**
 * Bin (trash). Passwork's bin endpoints are not public; this contract is ours (emulator + client),
 * kept in this file and `provider/client/bin.ts` so adapting it touches two files.
 * GET /api/v1/bin?vaultId= → {items: [BinEntry]}; POST /api/v1/bin/{binItemId}/restore → {id}.
 */
export const BinEntrySchema = z.looseObject({
  id: ObjectId,
  objectType: z.enum(["item", "folder", "vault", "shortcut"]),
  objectId: ObjectId,
  name: z.string(),
  vaultId: ObjectId,
  deletedAt: UnixSeconds,
  deletedBy: ObjectId,
});
export type BinEntry = z.infer<typeof BinEntrySchema>;
