/**
 * The provider process's one `PassworkClient`, built lazily and reused by every resource kind while the
 * connection settings stay the same (its pool, token refreshes and per-client caches are shared).
 */
import { PassworkClient } from "../client";
import { clientOptions } from "./client-options";
import type { ProviderSettings } from "./schema";
import { currentSettings } from "./source";

let cached: { fingerprint: string; client: PassworkClient } | undefined;

/** The settings that shape the connection (not the check-time ones); only a key in memory, never logged. */
function fingerprint(s: ProviderSettings): string {
  return JSON.stringify([
    s.host,
    s.accessToken,
    s.refreshToken,
    s.masterKey,
    s.caCertPath,
    s.insecureSkipVerify,
    s.refreshMode,
    s.tokenStorePath,
    s.requestTimeoutMs,
    s.maxRetries,
    s.maxInFlight,
    s.refreshReadAhead,
  ]);
}

/** One client per distinct connection settings; a client for older settings is closed. */
export function clientFor(settings: ProviderSettings): PassworkClient {
  const key = fingerprint(settings);
  if (cached && cached.fingerprint === key) return cached.client;
  const previous = cached?.client;
  const client = new PassworkClient(clientOptions(settings));
  cached = { fingerprint: key, client };
  if (previous) previous.close().catch(() => undefined);
  return client;
}

/** The configured client and settings for a CRUD call. */
export function providerContext(): { settings: ProviderSettings; client: PassworkClient } {
  const settings = currentSettings();
  return { settings, client: clientFor(settings) };
}

/** Closes the cached client (tests; the provider process simply exits). */
export async function closeClient(): Promise<void> {
  const c = cached?.client;
  cached = undefined;
  await c?.close();
}
