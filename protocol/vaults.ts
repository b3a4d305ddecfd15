import { z } from "zod";
import { ObjectId } from "./common";

export const AccessLevel = z.enum(["forbidden", "read", "edit", "full", "admin"]);
export type AccessLevel = z.infer<typeof AccessLevel>;
/** Order used for "highest of" decisions. */
export const ACCESS_LEVEL_ORDER: readonly AccessLevel[] = ["forbidden", "read", "edit", "full", "admin"];
/**
 * What a direct grant holds: a level, or `connect` — Passwork's "Connect without access" (users only):
 * the user is a direct member of the vault/folder with no level of its own there, so the effective-access
 * walk goes on (a direct grant higher up, else the groups' level). Not a level: it has no rank.
 */
export const GrantLevel = z.enum([...AccessLevel.options, "connect"]);
export type GrantLevel = z.infer<typeof GrantLevel>;

export const VaultTypeSchema = z.looseObject({ id: ObjectId, name: z.string(), code: z.string() });
export type VaultType = z.infer<typeof VaultTypeSchema>;
export const VaultTypeAdministratorSchema = z.looseObject({ id: ObjectId, publicKey: z.string().nullable() });

export const DirectoryAccessSchema = z.looseObject({
  isViewingAccess: z.boolean(),
  access: z.string(),
  accessName: z.string(),
});

/** GET /api/v1/vaults/{id}: the caller's view (its own access and key blob). */
export const VaultSchema = z.looseObject({
  id: ObjectId,
  name: z.string(),
  typeId: ObjectId.nullable(),
  permissions: z.array(z.string()),
  masterKeyEncrypted: z.string().nullable(),
  isVisible: z.boolean(),
  directoryAccess: DirectoryAccessSchema,
  canLeaveVault: z.boolean().nullable(),
  canChangeVaultType: z.boolean().nullable(),
});
export type Vault = z.infer<typeof VaultSchema>;

export const VaultName = z.string().min(1, "must not be empty").max(255, "must be at most 255 characters");

/** POST /api/v1/vaults. Under client-side encryption the key fields are required. */
export const VaultCreateParams = z.strictObject({
  name: VaultName,
  typeId: ObjectId.optional(),
  masterKeyEncrypted: z.string().min(1).optional(),
  masterKeyHash: z.string().optional(),
  salt: z.string().optional(),
  administratorsKeys: z.record(z.string(), z.string()).optional(),
});
export type VaultCreateParams = z.infer<typeof VaultCreateParams>;

/** POST /api/v1/vaults/{id}. */
export const VaultUpdateParams = z.strictObject({ name: VaultName });
export type VaultUpdateParams = z.infer<typeof VaultUpdateParams>;
