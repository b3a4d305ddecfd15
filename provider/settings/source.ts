/**
 * The settings of this process. The dynamic-provider host calls `configure({config})` once per
 * serialized provider text; its `Config.get(key)` defaults the namespace to the *project*, so every key
 * is read fully qualified (`passwork:host`). Tests and the program process set a source instead.
 * Every reader goes through the one schema (schema.ts); a set of raw values is validated once.
 */
import type { AccessRule } from "../access/access-rules";
import {
  AccessSettingsSchema,
  CheckSettingsSchema,
  SETTING_KEYS,
  parseSettings,
  readRaw,
  resolveSettings,
  type ProviderSettings,
  type SettingSource,
} from "./schema";

let configured: SettingSource | undefined;
/** Tests: `passwork:accessRules` from this source instead (useAccessSettingsSource). */
let accessRulesOverride: SettingSource | undefined;

/** Reads `passwork:<key>` from the host's `Config`, whatever its default namespace is. */
export function sourceFromHostConfig(config: { get(key: string): string | undefined }): SettingSource {
  return (key) => {
    const value = config.get(`passwork:${key}`);
    return typeof value === "string"
      ? value
      : value === undefined || value === null
        ? undefined
        : String(value);
  };
}

/** Called by the shim's `configure(req)`; the dynamic-provider host passes the stack config. */
export function configure(req: { config: { get(key: string): string | undefined } }): void {
  configured = sourceFromHostConfig(req.config);
}

/** For tests and the program process: use this source instead of the host's config. */
export function useSettingSource(source: SettingSource | undefined): void {
  configured = source;
}

/** For tests: read `passwork:accessRules` from this source (keys fully qualified); undefined = as configured. */
export function useAccessRulesSource(source: SettingSource | undefined): void {
  accessRulesOverride = source;
}

function currentSource(): SettingSource {
  const base = configured ?? (() => undefined);
  const rules = accessRulesOverride;
  return rules ? (key) => (key === "accessRules" ? rules(`passwork:${key}`) : base(key)) : base;
}

let last: { raw: string; settings: ProviderSettings } | undefined;

/** The settings this process uses now (configure() source, then env); validated once per set of values. */
export function currentSettings(): ProviderSettings {
  const source = currentSource();
  // Only a cache key in memory, never logged; the home directories decide the default token store.
  const { HOME, PULUMI_PASSWORK_HOME } = process.env;
  const raw = JSON.stringify([readRaw(source, process.env, SETTING_KEYS), HOME, PULUMI_PASSWORK_HOME]);
  if (last?.raw !== raw) last = { raw, settings: resolveSettings(source) };
  return last.settings;
}

/**
 * The settings `check` needs (tag vocabulary, field-name policy). Unlike currentSettings() this does
 * not require host/token: a preview of a program without credentials still validates its inputs.
 */
export function validationSettings(): Pick<
  ProviderSettings,
  "allowedTags" | "fieldNamePolicy" | "secretsInState"
> {
  const raw = readRaw(currentSource(), process.env, ["fieldNamePolicy", "allowedTags", "secretsInState"]);
  return parseSettings(CheckSettingsSchema, raw);
}

/** `passwork:accessRules` (or PASSWORK_ACCESS_RULES); needs no host/token either. */
export function accessRules(): AccessRule[] {
  return parseSettings(AccessSettingsSchema, readRaw(currentSource(), process.env, ["accessRules"]))
    .accessRules;
}
