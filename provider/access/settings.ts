/**
 * `passwork:accessRules` (JSON list, see access-rules.ts; PASSWORK_ACCESS_RULES as fallback) is one of
 * the provider settings (provider/settings/schema.ts); these are the names the access code and the
 * tests use for it.
 */
import type { AccessRule } from "./access-rules";
import {
  accessRules as currentAccessRules,
  configure as configureSettings,
  useAccessRulesSource,
} from "../settings/source";

type Source = (key: string) => string | undefined;

/** Same as provider/configure.ts: the host's stack config becomes this process's settings source. */
export function configure(req: { config: { get(key: string): string | undefined } }): void {
  configureSettings(req);
}

/** Tests and the program process: read the rules from this source (keys fully qualified: `passwork:accessRules`). */
export function useAccessSettingsSource(next: Source | undefined): void {
  useAccessRulesSource(next);
}

export function accessRules(): AccessRule[] {
  return currentAccessRules();
}
