/** Client options for validated settings (the provider process and program-process lookups alike). */
import { FileTokenStore, type ClientOptions } from "../client";
import type { ProviderSettings } from "./schema";

export function clientOptions(s: ProviderSettings): ClientOptions {
  return {
    host: s.host,
    accessToken: s.accessToken,
    refreshToken: s.refreshToken,
    masterKey: s.masterKey,
    caCertPath: s.caCertPath,
    insecureSkipVerify: s.insecureSkipVerify,
    refreshMode: s.refreshMode,
    tokenStore: s.tokenStorePath === undefined ? undefined : new FileTokenStore(s.tokenStorePath),
    requestTimeoutMs: s.requestTimeoutMs,
    readAhead: s.refreshReadAhead,
    maxRetries: s.maxRetries,
    maxInFlight: s.maxInFlight,
  };
}
