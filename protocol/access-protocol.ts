/**
 * THE access/identity protocol table: every operation on users, groups, roles and vault/folder access
 * — method, path, query, request body, response schema — and the one mapping between our access levels
 * and the codes on the wire. The client (provider/client/access.ts, principals.ts) sends exactly these,
 * and the emulator (emulator/routes.ts, handlers/access.ts) serves exactly these, so adapting to a real
 * server is a one-line change here. docs/access-protocol.md explains each row and its evidence.
 *
 * `evidence: "published"` — seen in the vendor's own clients or docs (reference/passwork-api.md §4.2);
 * `evidence: "assumed"` — Passwork does not publish it; it is our contract (reference/passwork-access-api.md).
 * The emulator's `accessEndpoints: false` turns off exactly the assumed rows, like a real server that
 * does not speak them. `ACCESS_PROBE` names the cheap read that checks a server speaks them.
 */
import { z } from "zod";
import { EmptyResponseSchema, IdResponseSchema, listOf, ObjectId } from "./common";
import {
  ConnectionApprovalParams,
  ConnectionRequestSchema,
  GroupCreateParams,
  GroupSchema,
  GroupUpdateParams,
  PrincipalType,
  RoleSchema,
  UserCreateParams,
  UserSchema,
  UserUpdateParams,
} from "./access";
import { AccessLevel, GrantLevel } from "./vaults";

// ---- level codes -------------------------------------------------------------------------------

/**
 * Our level (what programs write, what the walk compares) → the code on the wire. Only `admin` is
 * confirmed (a vault's `directoryAccess.access`); an inbox item's `"write"` hints that "Read and edit"
 * may be coded `write`. `connect` ("Connect without access", users only) is a grant value, not a level;
 * its code is ours. Change a code here and the client and the emulator both follow.
 */
export const LEVEL_CODES: Record<GrantLevel, string> = {
  forbidden: "forbidden",
  read: "read",
  edit: "edit",
  full: "full",
  admin: "admin",
  connect: "connect",
};

/** The wire code of a level (or of `connect`). */
export function levelCode(level: GrantLevel): string {
  return LEVEL_CODES[level];
}

/** The grant value of a wire code, or undefined for a code the table does not know. */
export function levelOfCode(code: string): GrantLevel | undefined {
  return GrantLevel.options.find((level) => LEVEL_CODES[level] === code);
}

/** A wire code parsed into one of `levels` (read at parse time, so the table is the only source). */
function wireCodeOf<L extends GrantLevel>(levels: readonly L[]) {
  return z.string().transform((code, ctx): L => {
    const level = levels.find((l) => LEVEL_CODES[l] === code);
    if (level !== undefined) return level;
    ctx.addIssue({
      code: "custom",
      message: `unknown access level code "${code}"; known codes: ${levels.map(levelCode).join(", ")} (protocol/access-protocol.ts LEVEL_CODES)`,
    });
    return z.NEVER;
  });
}

/** A direct grant's code on the wire: a level or `connect`. */
export const WireLevel = wireCodeOf(GrantLevel.options);
/** An effective level's code on the wire: `connect` never decides a level, so it is not one. */
export const WireAccessLevel = wireCodeOf(AccessLevel.options);

// ---- wire shapes that carry levels ------------------------------------------------------------------

export const GrantSchema = z.looseObject({
  principalType: PrincipalType,
  principalId: ObjectId,
  access: WireLevel,
  grantedAt: z.number().int().nonnegative(),
  grantedBy: ObjectId,
});
/** A grant as the client returns it (level parsed). */
export type Grant = z.output<typeof GrantSchema>;

/** POST …/access: creates or changes one grant. Output: the level; input: the wire code. */
export const GrantParams = z.strictObject({
  principalType: PrincipalType,
  principalId: ObjectId,
  access: WireLevel,
  keyEncrypted: z.string().min(1).optional(),
});
export type GrantParams = z.output<typeof GrantParams>;
export type GrantBody = z.input<typeof GrantParams>;

export const EffectiveAccessEntrySchema = z.looseObject({
  principalType: PrincipalType,
  principalId: ObjectId,
  access: WireAccessLevel,
  source: z.looseObject({ directoryId: ObjectId, principalType: PrincipalType, principalId: ObjectId }),
});
export type EffectiveAccessEntry = z.output<typeof EffectiveAccessEntrySchema>;

/** The wire form of a grant or effective-access entry whose level is ours. */
export function withLevelCode<T extends { access: GrantLevel }>(
  entry: T,
): Omit<T, "access"> & { access: string } {
  return { ...entry, access: levelCode(entry.access) };
}

// ---- the operations -------------------------------------------------------------------------------

export type Evidence = "published" | "assumed";

export interface AccessOperation {
  method: "GET" | "POST" | "DELETE";
  /** Relative to `/api/v1`; `{name}` segments are filled from the call's path parameters. */
  path: string;
  /** Query parameters the operation takes (all optional). */
  query?: readonly string[];
  /** The request body (POST); its output is what the emulator's store receives. */
  body?: z.ZodType;
  response: z.ZodType;
  evidence: Evidence;
  /** Where the row comes from (docs/access-protocol.md lists the sources). */
  source: string;
}

const op = <O extends AccessOperation>(o: O): O => o;
const ASSUMED = "reference/passwork-access-api.md (our contract)";
const CONNECTION_REQUESTS =
  "ours; the product's requests for connection are UI-only (vendor user guide, vault access rights: https://passwork.pro/user-guides/vaults-and-folders/vault-actions/vault-access-rights)";

export const ACCESS_PROTOCOL = {
  me: op({
    method: "GET",
    path: "/users/info",
    response: UserSchema,
    evidence: "published",
    source: "third-party client (netbox-passwork) and the product's login flow",
  }),
  listUsers: op({
    method: "GET",
    path: "/users",
    query: ["login", "isServiceAccount"],
    response: listOf(UserSchema),
    evidence: "assumed",
    source: ASSUMED,
  }),
  getUser: op({
    method: "GET",
    path: "/users/{id}",
    response: UserSchema,
    evidence: "assumed",
    source: ASSUMED,
  }),
  createUser: op({
    method: "POST",
    path: "/users",
    body: UserCreateParams,
    response: IdResponseSchema,
    evidence: "published",
    source: "vendor's Python client and example create_user (isServiceAccount is ours)",
  }),
  updateUser: op({
    method: "POST",
    path: "/users/{id}",
    body: UserUpdateParams,
    response: UserSchema,
    evidence: "assumed",
    source: ASSUMED,
  }),
  deleteUser: op({
    method: "DELETE",
    path: "/users/{id}",
    response: EmptyResponseSchema,
    evidence: "assumed",
    source: ASSUMED,
  }),
  listGroups: op({
    method: "GET",
    path: "/user-groups",
    query: ["name"],
    response: listOf(GroupSchema),
    evidence: "assumed",
    source: ASSUMED,
  }),
  getGroup: op({
    method: "GET",
    path: "/user-groups/{id}",
    response: GroupSchema,
    evidence: "assumed",
    source: ASSUMED,
  }),
  createGroup: op({
    method: "POST",
    path: "/user-groups",
    body: GroupCreateParams,
    response: IdResponseSchema,
    evidence: "assumed",
    source: ASSUMED,
  }),
  updateGroup: op({
    method: "POST",
    path: "/user-groups/{id}",
    body: GroupUpdateParams,
    response: GroupSchema,
    evidence: "assumed",
    source: ASSUMED,
  }),
  deleteGroup: op({
    method: "DELETE",
    path: "/user-groups/{id}",
    response: EmptyResponseSchema,
    evidence: "assumed",
    source: ASSUMED,
  }),
  listRoles: op({
    method: "GET",
    path: "/user-roles",
    query: ["includeUserRole", "isOnlyManageable"],
    response: listOf(RoleSchema),
    evidence: "published",
    source: "vendor's Python client example create_user (GET /user-roles)",
  }),
  listVaultGrants: op({
    method: "GET",
    path: "/vaults/{id}/access",
    response: listOf(GrantSchema),
    evidence: "assumed",
    source: ASSUMED,
  }),
  setVaultGrant: op({
    method: "POST",
    path: "/vaults/{id}/access",
    body: GrantParams,
    response: GrantSchema,
    evidence: "assumed",
    source: ASSUMED,
  }),
  revokeVaultGrant: op({
    method: "DELETE",
    path: "/vaults/{id}/access/{principalType}/{principalId}",
    response: EmptyResponseSchema,
    evidence: "assumed",
    source: ASSUMED,
  }),
  listFolderGrants: op({
    method: "GET",
    path: "/folders/{id}/access",
    response: listOf(GrantSchema),
    evidence: "assumed",
    source: ASSUMED,
  }),
  setFolderGrant: op({
    method: "POST",
    path: "/folders/{id}/access",
    body: GrantParams,
    response: GrantSchema,
    evidence: "assumed",
    source: ASSUMED,
  }),
  revokeFolderGrant: op({
    method: "DELETE",
    path: "/folders/{id}/access/{principalType}/{principalId}",
    response: EmptyResponseSchema,
    evidence: "assumed",
    source: ASSUMED,
  }),
  effectiveAccess: op({
    method: "GET",
    path: "/directories/{id}/effective-access",
    query: ["principalType", "principalId"],
    response: listOf(EffectiveAccessEntrySchema),
    evidence: "assumed",
    source: ASSUMED,
  }),
  // Requests for connection (client-side encryption). The product has them (vendor user guide, vault
  // access rights: "the vault administrator will need to confirm the request in the corresponding tab of
  // Access settings"); the endpoints are ours.
  listConnectionRequests: op({
    method: "GET",
    path: "/connection-requests",
    query: ["vaultId", "userGroupId", "userId"],
    response: listOf(ConnectionRequestSchema),
    evidence: "assumed",
    source: CONNECTION_REQUESTS,
  }),
  listVaultConnectionRequests: op({
    method: "GET",
    path: "/vaults/{id}/connection-requests",
    response: listOf(ConnectionRequestSchema),
    evidence: "assumed",
    source: CONNECTION_REQUESTS,
  }),
  approveConnectionRequest: op({
    method: "POST",
    path: "/vaults/{id}/connection-requests/{userId}",
    body: ConnectionApprovalParams,
    response: EmptyResponseSchema,
    evidence: "assumed",
    source: CONNECTION_REQUESTS,
  }),
} as const satisfies Record<string, AccessOperation>;

export type AccessOperationName = keyof typeof ACCESS_PROTOCOL;
export const ACCESS_OPERATION_NAMES = Object.keys(ACCESS_PROTOCOL) as AccessOperationName[];

/** The names of a path's `{name}` segments, in order. */
export function pathParameters(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}

/**
 * The cheap read that tells whether a server speaks the assumed rows: one filtered group list (groups
 * are the heart of the unpublished contract; a name no group has keeps the answer empty).
 */
export const ACCESS_PROBE = {
  operation: "listGroups",
  query: { name: "pulumi-passwork-access-probe" },
} as const satisfies { operation: AccessOperationName; query: Record<string, string> };

/**
 * The cheap read that tells whether a server speaks the requests-for-connection rows, asked at preview
 * only when the provider would approve requests (a master key, `passwork:connectionRequests = approve`):
 * a filter no request matches keeps the answer empty.
 */
export const CONNECTION_REQUESTS_PROBE = {
  operation: "listConnectionRequests",
  query: { userGroupId: "000000000000000000000000" },
} as const satisfies { operation: AccessOperationName; query: Record<string, string> };

/** Where users read about this table; quoted in the probe's message. */
export const ACCESS_PROTOCOL_DOC = "docs/access-protocol.md";
