import { RefreshAccessTokenParams, RefreshRefreshTokenParams, SessionRefreshParams } from "../../protocol";
import { bearer, ok, parse, type Handler } from "./context";

export const refresh: Handler = (c) => {
  const p = parse(SessionRefreshParams, c.body);
  return ok(c.store.refreshPair(bearer(c.headers), p.refreshToken));
};
export const refreshAccessToken: Handler = (c) =>
  ok(c.store.refreshAccessToken(parse(RefreshAccessTokenParams, c.body).accessToken));
export const refreshRefreshToken: Handler = (c) =>
  ok(c.store.refreshRefreshToken(parse(RefreshRefreshTokenParams, c.body).refreshToken));
