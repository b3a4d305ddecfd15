/**
 * Access settings from provider config: `passwork:accessRules` (JSON list, see access-rules.ts),
 * with the environment variable PASSWORK_ACCESS_RULES as fallback. The access shim's configure()
 * hands the host's config here as well as to provider/config.ts.
 */
import { parseAccessRules, type AccessRule } from "./access-rules";

type Source = (key: string) => string | undefined;
let source: Source | undefined;

export function configure(req: { config: { get(key: string): string | undefined } }): void {
  source = (key) => {
    const v = req.config.get(key);
    return v === undefined || v === null ? undefined : String(v);
  };
}

/** Tests and the program process: use this source (undefined = environment only). */
export function useAccessSettingsSource(next: Source | undefined): void {
  source = next;
}

export function accessRules(): AccessRule[] {
  const raw = source?.("passwork:accessRules") ?? process.env.PASSWORK_ACCESS_RULES;
  return parseAccessRules(raw);
}
