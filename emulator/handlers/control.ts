/** `/_emulator/*`: seeding, token minting, fault injection, request log, stats, reset. No auth (loopback only). */
import { z } from "zod";
import { Login, ObjectId } from "../../protocol";
import { notFound, validationError } from "../store/errors";
import { ok, parse, type Handler } from "./context";

const SeedUser = z.strictObject({
  login: Login,
  fullName: z.string().min(1).max(255).optional(),
  email: z.string().max(255).optional(),
  role: z.enum(["owner", "admin", "user"]).default("user"),
  isServiceAccount: z.boolean().optional(),
  userGroupIds: z.array(ObjectId).optional(),
  keys: z.strictObject({ public: z.string().min(1), privateEncrypted: z.string().min(1) }).optional(),
  masterKeyOptions: z
    .string()
    .regex(/^pbkdf:sha256:\d+:\d+:.+$/, "must look like pbkdf:sha256:<iterations>:<bytes>:<salt>")
    .optional(),
});

export const seedUser: Handler = (c) => {
  const p = parse(SeedUser, c.body);
  const userRoleId = c.store.roleIdByCode(p.role);
  if (!userRoleId) throw validationError("role", "unknown role code");
  const id = c.store.createUser(null, {
    login: p.login,
    fullName: p.fullName ?? p.login,
    userRoleId,
    ...(p.email !== undefined ? { email: p.email } : {}),
    ...(p.isServiceAccount !== undefined ? { isServiceAccount: p.isServiceAccount } : {}),
    ...(p.userGroupIds !== undefined ? { userGroupIds: p.userGroupIds } : {}),
    ...(p.keys !== undefined ? { keys: p.keys } : {}),
    ...(p.masterKeyOptions !== undefined ? { masterKeyOptions: p.masterKeyOptions } : {}),
  });
  return ok({ id });
};

const MintTokens = z.strictObject({
  userId: ObjectId,
  accessTokenTtlSeconds: z.number().int().min(-1).optional(),
  refreshTokenTtlSeconds: z.number().int().min(-1).optional(),
});
export const mintTokens: Handler = (c) => {
  const p = parse(MintTokens, c.body);
  return ok(
    c.store.mintPair(p.userId, {
      accessTokenTtlSeconds: p.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: p.refreshTokenTtlSeconds,
    }),
  );
};

const ExpireToken = z.union([
  z.strictObject({ accessToken: z.string().min(1) }),
  z.strictObject({ refreshToken: z.string().min(1) }),
]);
export const expireToken: Handler = (c) => {
  const p = parse(ExpireToken, c.body);
  const token = "accessToken" in p ? p.accessToken : p.refreshToken;
  if (!c.store.expireToken(token)) throw notFound("Token");
  return ok({});
};

const FaultParams = z.strictObject({
  method: z.string().optional(),
  path: z.string().startsWith("/", "must start with /"),
  count: z.number().int().min(1).max(10_000).default(1),
  kind: z.enum(["status", "delay", "reset", "resetAfterCommit"]),
  status: z.number().int().min(400).max(599).optional(),
  retryAfter: z.number().int().min(0).optional(),
  delayMs: z.number().int().min(0).max(60_000).optional(),
});
export const addFault: Handler = (c) => {
  const p = parse(FaultParams, c.body);
  if (p.kind === "status" && p.status === undefined)
    throw validationError("status", "required for kind status (e.g. 429, 503)");
  if (p.kind === "delay" && p.delayMs === undefined)
    throw validationError("delayMs", "required for kind delay");
  c.control.faults.push({
    method: p.method,
    path: p.path,
    remaining: p.count,
    kind: p.kind,
    status: p.status,
    retryAfter: p.retryAfter,
    delayMs: p.delayMs,
  });
  return ok({ faults: c.control.faults.length });
};
export const clearFaults: Handler = (c) => {
  c.control.faults = [];
  return ok({});
};

export const requests: Handler = (c) => ok({ items: c.control.requests });
export const clearRequests: Handler = (c) => {
  c.control.requests = [];
  return ok({});
};
export const stats: Handler = (c) => ok(c.control.stats());
export const health: Handler = () => ok({ status: "ok" });

/** Back to a fresh emulator: new base seed and a new admin token pair (returned). */
export const reset: Handler = (c) => {
  const admin = c.store.reset();
  c.control.faults = [];
  c.control.requests = [];
  const secrets = c.store.adminSecrets();
  return ok({
    adminUserId: admin.id,
    ...c.store.mintPair(admin.id),
    ...(secrets ? { masterKey: secrets.masterKey } : {}),
  });
};

const SeedInbox = z.strictObject({
  itemId: ObjectId,
  recipientId: ObjectId,
  senderId: ObjectId,
  keyEncrypted: z.string().min(1).nullable().default(null),
  access: z.enum(["read", "write"]).default("read"),
});
/** Puts an item into a user's inbox (Passwork's "send to user" endpoint is not public). */
export const seedInboxItem: Handler = (c) => ok({ id: c.store.seedInboxItem(parse(SeedInbox, c.body)) });
