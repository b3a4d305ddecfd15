/** Session endpoints (reference/passwork-api.md §2.3). Never retried by the core (see retry-policy.ts). */
import { path } from "./path";
import type { Requester } from "./request";
import { RefreshAccessTokenResponseSchema, TokenPairSchema } from "../../protocol/session";

/** New access token; the refresh token stays valid (Passwork ≥ 7.6, API sessions). */
export function refreshAccessToken(c: Requester, accessToken: string) {
  return c.request({
    method: "POST",
    path: path`/sessions/refresh-access-token`,
    body: { accessToken },
    schema: RefreshAccessTokenResponseSchema,
    auth: "none",
  });
}

/** New pair; the old pair dies. The (possibly expired) access token identifies the session. */
export function refreshPair(c: Requester, accessToken: string, refreshToken: string) {
  return c.request({
    method: "POST",
    path: path`/sessions/refresh`,
    body: { refreshToken },
    schema: TokenPairSchema,
    auth: { bearer: accessToken },
  });
}
