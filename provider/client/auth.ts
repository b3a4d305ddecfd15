/**
 * The token pair. A managed request that gets a 401 hands it to `renew`, which decides: replay with
 * a token a concurrent refresh has since put in place, refresh on `accessTokenExpired`, or fail with
 * the setting to renew. Exactly one refresh runs at a time and every request that saw the stale token
 * waits for it, then replays once (single-flight; concurrent refreshes with one refresh token would
 * kill each other). A refresh the server rejects is remembered, so later requests fail at once.
 */
import { createHash } from "node:crypto";
import { AuthenticationError, PassworkApiError, authErrorWithAdvice } from "./errors";
import type { Requester } from "./request";
import { refreshAccessToken, refreshPair } from "./session";
import type { StoredTokens, TokenStore } from "./token-store";

export type RefreshMode = "access-token" | "pair";

export interface TokenSettings {
  accessToken: string;
  refreshToken?: string | undefined;
  refreshMode: RefreshMode;
  tokenStore?: TokenStore | undefined;
  /** One line per refresh (method and path template of the request that saw the expiry). */
  logger?: ((line: string) => void) | undefined;
}

export const ACCESS_TOKEN_ADVICE = "renew the access token: set passwork:accessToken (or PASSWORK_TOKEN)";
export const REFRESH_TOKEN_ADVICE =
  "the refresh token is no longer valid: generate a new token pair and set passwork:refreshToken (or PASSWORK_REFRESH_TOKEN) and passwork:accessToken (or PASSWORK_TOKEN)";
export const NO_REFRESH_TOKEN_ADVICE =
  "the access token has expired and no refresh token is configured: set passwork:refreshToken (or PASSWORK_REFRESH_TOKEN) so it can be renewed automatically, or set a new passwork:accessToken (or PASSWORK_TOKEN)";

function fingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export class TokenManager {
  private access: string;
  private refreshTokenValue: string | undefined;
  private accessExpiresAt: number | undefined;
  private refreshExpiresAt: number | undefined;
  private readonly origin: string;
  private inflight: Promise<void> | undefined;
  private dead: AuthenticationError | undefined;
  private loaded: Promise<void> | undefined;
  refreshCount = 0;

  /** `sessions` sends the refresh requests (the client itself; they bypass `renew`). */
  constructor(
    private readonly settings: TokenSettings,
    private readonly sessions: Requester,
  ) {
    this.access = settings.accessToken;
    this.refreshTokenValue = settings.refreshToken;
    this.origin = fingerprint(settings.refreshToken ?? settings.accessToken);
  }

  get accessToken(): string {
    return this.access;
  }

  /** Every token this manager has held, for redaction. */
  secrets(): string[] {
    return [
      this.access,
      this.refreshTokenValue,
      this.settings.accessToken,
      this.settings.refreshToken,
    ].filter((s): s is string => !!s);
  }

  /** Loads the token store once: a pair rotated from the configured one is newer and wins. */
  ready(): Promise<void> {
    this.loaded ??= (async () => {
      const stored = await this.settings.tokenStore?.load();
      if (stored && stored.origin === this.origin) {
        this.access = stored.accessToken;
        this.refreshTokenValue = stored.refreshToken ?? this.refreshTokenValue;
      }
    })();
    return this.loaded;
  }

  /**
   * A request sent with `token` got `error` (401). Resolves when a replay may succeed: a concurrent
   * refresh replaced the token (in "pair" mode the old one dies at once), or the token had expired
   * and this refresh renewed it. Throws, naming the setting to renew, otherwise. `replayed`: the
   * request was replayed once already.
   */
  async renew(token: string, error: PassworkApiError, replayed: boolean): Promise<void> {
    if (!replayed && (await this.supersedes(token))) return;
    if (error.apiCode !== "accessTokenExpired" || replayed)
      throw authErrorWithAdvice(error, ACCESS_TOKEN_ADVICE);
    this.settings.logger?.(`${error.method} ${error.pathTemplate}: access token expired, refreshing`);
    await this.refresh(token, error);
  }

  /**
   * True when `token` has been replaced by a refresh (waiting for one in flight to finish first): in
   * this process, or in another one sharing the token store (the program process and the provider
   * process hold the same pair; a refresh by one kills the access token the other holds).
   */
  private async supersedes(token: string): Promise<boolean> {
    if (this.inflight) await this.inflight.catch(() => undefined);
    if (token === this.access) await this.adoptStored();
    return token !== this.access;
  }

  /** Takes a newer pair another process saved to the token store (same origin); true if it did. */
  private async adoptStored(): Promise<boolean> {
    const stored = await this.settings.tokenStore?.load().catch(() => undefined);
    if (!stored || stored.origin !== this.origin || stored.accessToken === this.access) return false;
    this.access = stored.accessToken;
    this.refreshTokenValue = stored.refreshToken ?? this.refreshTokenValue;
    return true;
  }

  /** Called with the token a request used; a no-op if another request already replaced it. */
  private async refresh(staleToken: string, expired: PassworkApiError): Promise<void> {
    if (this.dead) throw this.dead;
    if (staleToken !== this.access) return;
    if (!this.refreshTokenValue) throw authErrorWithAdvice(expired, NO_REFRESH_TOKEN_ADVICE);
    this.inflight ??= this.runRefresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async runRefresh(): Promise<void> {
    this.refreshCount++;
    try {
      if (this.settings.refreshMode === "pair") {
        const pair = await refreshPair(this.sessions, this.access, this.refreshTokenValue ?? "");
        this.access = pair.accessToken;
        this.refreshTokenValue = pair.refreshToken;
        this.accessExpiresAt = pair.accessTokenExpiredAt;
        this.refreshExpiresAt = pair.refreshTokenExpiredAt;
      } else {
        const renewed = await refreshAccessToken(this.sessions, this.access);
        this.access = renewed.accessToken;
        this.accessExpiresAt = renewed.accessTokenExpiredAt;
      }
    } catch (e) {
      if (e instanceof PassworkApiError && (e.status === 401 || e.status === 403)) {
        // Another process sharing the token store may have refreshed the same token a moment ago.
        for (let i = 0; i < 3; i++) {
          if (await this.adoptStored()) return;
          await new Promise((r) => setTimeout(r, 100));
        }
        this.dead = authErrorWithAdvice(e, REFRESH_TOKEN_ADVICE);
        throw this.dead;
      }
      throw e;
    }
    await this.persist();
  }

  private async persist(): Promise<void> {
    if (!this.settings.tokenStore) return;
    const tokens: StoredTokens = { accessToken: this.access, origin: this.origin, savedAt: Date.now() };
    if (this.refreshTokenValue) tokens.refreshToken = this.refreshTokenValue;
    if (this.accessExpiresAt !== undefined) tokens.accessTokenExpiredAt = this.accessExpiresAt;
    if (this.refreshExpiresAt !== undefined) tokens.refreshTokenExpiredAt = this.refreshExpiresAt;
    await this.settings.tokenStore.save(tokens);
  }
}
