/** Token pairs: 44-char base64 of 32 random bytes, stored only as SHA-256 hashes. */
import { createHash, randomBytes } from "node:crypto";
import type { StoreCore } from "./core";
import { unauthorized } from "./errors";
import { newObjectId, nowSeconds } from "./ids";
import type { TokenRec, UserRec } from "./model";

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiredAt: number;
  refreshTokenExpiredAt: number;
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const newToken = () => randomBytes(32).toString("base64");

const tokenNotFound = () => unauthorized("notFound", "Access token not found");

export function mintPair(
  s: StoreCore,
  userId: string,
  ttl: { accessTokenTtlSeconds?: number | undefined; refreshTokenTtlSeconds?: number | undefined } = {},
): TokenPair {
  const pairId = newObjectId();
  const now = nowSeconds();
  const accessToken = newToken();
  const refreshToken = newToken();
  const accessTokenExpiredAt = now + (ttl.accessTokenTtlSeconds ?? s.options.accessTokenTtlSeconds);
  const refreshTokenExpiredAt = now + (ttl.refreshTokenTtlSeconds ?? s.options.refreshTokenTtlSeconds);
  s.db.put("tokens", {
    id: hashToken(accessToken),
    kind: "access",
    pairId,
    userId,
    expiresAt: accessTokenExpiredAt,
  });
  s.db.put("tokens", {
    id: hashToken(refreshToken),
    kind: "refresh",
    pairId,
    userId,
    expiresAt: refreshTokenExpiredAt,
  });
  return { accessToken, refreshToken, accessTokenExpiredAt, refreshTokenExpiredAt };
}

function find(s: StoreCore, token: string, kind: TokenRec["kind"]): TokenRec | undefined {
  const rec = s.db.get("tokens", hashToken(token));
  return rec && rec.kind === kind ? rec : undefined;
}

/** The user a live principal token belongs to; blocked users and deleted accounts are refused at once. */
function liveUser(s: StoreCore, rec: TokenRec): UserRec {
  const user = s.db.get("users", rec.userId);
  if (!user) throw tokenNotFound();
  if (user.isBlocked) throw unauthorized("userBlocked", "User is blocked");
  return user;
}

export function authenticate(s: StoreCore, accessToken: string | null): UserRec {
  if (!accessToken)
    throw unauthorized("unauthorized", "Authorization header with a Bearer access token is required");
  const rec = find(s, accessToken, "access");
  if (!rec) throw tokenNotFound();
  const user = liveUser(s, rec);
  if (rec.expiresAt <= nowSeconds()) throw unauthorized("accessTokenExpired", "Access token expired");
  return user;
}

function killPair(s: StoreCore, pairId: string): void {
  for (const t of [...s.db.all("tokens")]) if (t.pairId === pairId) s.db.del("tokens", t.id);
}

/** POST /sessions/refresh: the (possibly expired) access token names the session; new pair, old one dies. */
export function refreshPair(
  s: StoreCore,
  accessToken: string | null,
  refreshToken: string,
): { user: UserRec; pair: TokenPair } {
  if (!accessToken)
    throw unauthorized("unauthorized", "Authorization header with the current access token is required");
  const access = find(s, accessToken, "access");
  if (!access) throw tokenNotFound();
  const refresh = find(s, refreshToken, "refresh");
  if (!refresh || refresh.pairId !== access.pairId)
    throw unauthorized("invalidRefreshToken", "Refresh token not found");
  if (refresh.expiresAt <= nowSeconds()) throw unauthorized("refreshTokenExpired", "Refresh token expired");
  const user = liveUser(s, refresh);
  killPair(s, access.pairId);
  return { user, pair: mintPair(s, user.id) };
}

/** POST /sessions/refresh-access-token: new access token in the same pair; the old access token dies. */
export function refreshAccessToken(
  s: StoreCore,
  accessToken: string,
): { user: UserRec; accessToken: string; accessTokenExpiredAt: number } {
  const old = find(s, accessToken, "access");
  if (!old) throw tokenNotFound();
  const user = liveUser(s, old);
  s.db.del("tokens", old.id);
  const token = newToken();
  const accessTokenExpiredAt = nowSeconds() + s.options.accessTokenTtlSeconds;
  s.db.put("tokens", {
    id: hashToken(token),
    kind: "access",
    pairId: old.pairId,
    userId: old.userId,
    expiresAt: accessTokenExpiredAt,
  });
  return { user, accessToken: token, accessTokenExpiredAt };
}

/** POST /sessions/refresh-refresh-token: new refresh token; the access token stays valid until its own expiry. */
export function refreshRefreshToken(
  s: StoreCore,
  refreshToken: string,
): { user: UserRec; refreshToken: string; refreshTokenExpiredAt: number } {
  const old = find(s, refreshToken, "refresh");
  if (!old) throw unauthorized("invalidRefreshToken", "Refresh token not found");
  if (old.expiresAt <= nowSeconds()) throw unauthorized("refreshTokenExpired", "Refresh token expired");
  const user = liveUser(s, old);
  s.db.del("tokens", old.id);
  const token = newToken();
  const refreshTokenExpiredAt = nowSeconds() + s.options.refreshTokenTtlSeconds;
  s.db.put("tokens", {
    id: hashToken(token),
    kind: "refresh",
    pairId: old.pairId,
    userId: old.userId,
    expiresAt: refreshTokenExpiredAt,
  });
  return { user, refreshToken: token, refreshTokenExpiredAt };
}

/** Control endpoint: make a token expire now (tests of expiry handling). */
export function expireToken(s: StoreCore, token: string): boolean {
  const rec = s.db.get("tokens", hashToken(token));
  if (!rec) return false;
  s.db.put("tokens", { ...rec, expiresAt: nowSeconds() - 1 });
  return true;
}

export function revokeUserTokens(s: StoreCore, userId: string): void {
  for (const t of [...s.db.all("tokens")]) if (t.userId === userId) s.db.del("tokens", t.id);
}
