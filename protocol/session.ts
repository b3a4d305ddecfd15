import { z } from "zod";
import { UnixSeconds } from "./common";

export const TokenPairSchema = z.looseObject({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  accessTokenExpiredAt: UnixSeconds,
  refreshTokenExpiredAt: UnixSeconds,
});
export type TokenPair = z.infer<typeof TokenPairSchema>;

/** POST /api/v1/sessions/refresh (Bearer = current access token, expired accepted): new pair, old pair dies. */
export const SessionRefreshParams = z.strictObject({ refreshToken: z.string().min(1) });

/** POST /api/v1/sessions/refresh-access-token: new access token, refresh token unchanged. */
export const RefreshAccessTokenParams = z.strictObject({ accessToken: z.string().min(1) });
export const RefreshAccessTokenResponseSchema = z.looseObject({
  accessToken: z.string().min(1),
  accessTokenExpiredAt: UnixSeconds,
});

/** POST /api/v1/sessions/refresh-refresh-token: new refresh token, access token unchanged. */
export const RefreshRefreshTokenParams = z.strictObject({ refreshToken: z.string().min(1) });
export const RefreshRefreshTokenResponseSchema = z.looseObject({
  refreshToken: z.string().min(1),
  refreshTokenExpiredAt: UnixSeconds,
});

/** GET /api/v1/app/features: a bare array, not `{items}`. */
export const AppFeaturesSchema = z.array(z.looseObject({ name: z.string() }));
