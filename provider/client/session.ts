/** Session endpoints (reference/passwork-api.md §2.3). Never retried by the core (see retry-policy.ts). */
import type { PassworkClient } from "./core";
import { path } from "./path";
import {
  RefreshAccessTokenResponseSchema,
  RefreshRefreshTokenResponseSchema,
  TokenPairSchema,
} from "../../protocol/session";

/** New access token; the refresh token stays valid (Passwork ≥ 7.6, API sessions). */
export function refreshAccessToken(c: PassworkClient, accessToken: string) {
  return c.request({
    method: "POST",
    path: path`/sessions/refresh-access-token`,
    body: { accessToken },
    schema: RefreshAccessTokenResponseSchema,
    auth: "none",
  });
}

/** New pair; the old pair dies. The (possibly expired) access token identifies the session. */
export function refreshPair(c: PassworkClient, accessToken: string, refreshToken: string) {
  return c.request({
    method: "POST",
    path: path`/sessions/refresh`,
    body: { refreshToken },
    schema: TokenPairSchema,
    auth: { bearer: accessToken },
  });
}

/** New refresh token; the access token stays valid until its own expiry. */
export function refreshRefreshToken(c: PassworkClient, refreshToken: string) {
  return c.request({
    method: "POST",
    path: path`/sessions/refresh-refresh-token`,
    body: { refreshToken },
    schema: RefreshRefreshTokenResponseSchema,
    auth: "none",
  });
}
