/**
 * Access and identity: the shapes of users, groups and roles (shared/reference/passwork-access-api.md).
 * The operations that carry them — paths, bodies, level codes — are the table in access-protocol.ts.
 */
import { z } from "zod";
import { ObjectId, UnixSeconds } from "./common";

export const PrincipalType = z.enum(["user", "group"]);
export type PrincipalType = z.infer<typeof PrincipalType>;

export const UserSchema = z.looseObject({
  id: ObjectId,
  login: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  isServiceAccount: z.boolean(),
  isBlocked: z.boolean(),
  userRoleId: ObjectId,
  userGroupIds: z.array(ObjectId),
});
export type User = z.infer<typeof UserSchema>;

export const Login = z
  .string()
  .min(1, "must not be empty")
  .max(128)
  .regex(/^[A-Za-z0-9._@-]+$/, "may contain only letters, digits, '.', '_', '@' and '-'");

export const UserCreateParams = z.strictObject({
  login: Login,
  fullName: z.string().min(1).max(255),
  /** Required for people (vendor); the emulator lets service accounts omit it. */
  email: z
    .string()
    .max(255)
    .regex(/^[^\s@]+@[^\s@]+$/, "must be an email address")
    .optional(),
  userRoleId: ObjectId,
  userGroupIds: z.array(ObjectId).optional(),
  isServiceAccount: z.boolean().optional(),
  password: z.string().optional(),
  masterKeyHash: z.string().optional(),
  masterKeyOptions: z.string().optional(),
  keys: z.strictObject({ public: z.string(), privateEncrypted: z.string() }).optional(),
});
export type UserCreateParams = z.infer<typeof UserCreateParams>;

export const UserUpdateParams = z.strictObject({
  fullName: z.string().min(1).max(255).optional(),
  userRoleId: ObjectId.optional(),
  userGroupIds: z.array(ObjectId).optional(),
  isBlocked: z.boolean().optional(),
});
export type UserUpdateParams = z.infer<typeof UserUpdateParams>;

export const GroupSchema = z.looseObject({
  id: ObjectId,
  name: z.string(),
  description: z.string().nullable(),
  userIds: z.array(ObjectId),
});
export type Group = z.infer<typeof GroupSchema>;

export const GroupName = z.string().min(1, "must not be empty").max(255);
export const GroupCreateParams = z.strictObject({
  name: GroupName,
  description: z.string().max(4096).optional(),
  userIds: z.array(ObjectId).optional(),
});
export type GroupCreateParams = z.infer<typeof GroupCreateParams>;
export const GroupUpdateParams = z.strictObject({
  name: GroupName.optional(),
  description: z.string().max(4096).optional(),
  userIds: z.array(ObjectId).optional(),
});
export type GroupUpdateParams = z.infer<typeof GroupUpdateParams>;

export const RoleSchema = z.looseObject({ id: ObjectId, code: z.string(), name: z.string() });
export type Role = z.infer<typeof RoleSchema>;

export const AuditEventSchema = z.looseObject({
  id: ObjectId,
  createdAt: UnixSeconds,
  userId: ObjectId,
  login: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: ObjectId,
  vaultId: ObjectId.optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export const AuditListSchema = z.looseObject({ items: z.array(AuditEventSchema), total: z.number().int() });

/**
 * A request for connection (client-side encryption only): a user reaches a vault through a group but
 * holds no copy of the vault key, so cannot use it until a vault administrator approves — the vendor's
 * "Users, Groups and Requests" tab. The shape is ours (the vendor publishes no endpoint for it).
 */
export const ConnectionRequestSchema = z.looseObject({
  vaultId: ObjectId,
  userId: ObjectId,
  /** The groups that connect the user to the vault. */
  userGroupIds: z.array(ObjectId),
});
export type ConnectionRequest = z.infer<typeof ConnectionRequestSchema>;
/** Approval: the vault key wrapped for the user's public key (as a direct user grant sends it). */
export const ConnectionApprovalParams = z.strictObject({ keyEncrypted: z.string().min(1) });
export type ConnectionApprovalParams = z.infer<typeof ConnectionApprovalParams>;
