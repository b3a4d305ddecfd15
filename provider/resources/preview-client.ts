/**
 * The client for check's server-side checks (a folder's parent, an access change's guards), or
 * undefined when the provider has no credentials yet: a preview without them skips those checks, and
 * create/update make them again (the server refuses the same things).
 */
import type { PassworkClient } from "../client";
import { providerContext, ProviderSettingsError } from "../config";

export function clientForCheck(): PassworkClient | undefined {
  try {
    return providerContext().client;
  } catch (err) {
    if (err instanceof ProviderSettingsError) return undefined;
    throw err;
  }
}
