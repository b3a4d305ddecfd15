/**
 * Every provider setting in one zod schema: where each is read from (stack config `passwork:<key>`,
 * then the environment name of Passwork's own CLI), how it is checked, and the typed value it gives.
 * Each error names the key and how to set it, never the value (a token or master key may be one).
 */
import { z } from "zod";
import { parseAccessRules, type AccessRule } from "../access/access-rules";
import { defaultTokenStorePath } from "./token-store-path";

/** A missing or invalid provider setting. The message names what to set and never holds a value. */
export class ProviderSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderSettingsError";
  }
}

export type FieldNamePolicy = "warn" | "fail";
/** `encrypted`: secret values are stored in the state, encrypted (the default); `none`: never (docs/secrets-in-state.md). */
export type SecretsInState = "encrypted" | "none";
/** What the provider does with the requests for connection its access changes cause (docs/access-protocol.md). */
export type ConnectionRequests = "approve" | "leave";

export interface ProviderSettings {
  host: string;
  accessToken: string;
  refreshToken?: string | undefined;
  masterKey?: string | undefined;
  caCertPath?: string | undefined;
  insecureSkipVerify?: boolean | undefined;
  refreshMode?: "access-token" | "pair" | undefined;
  tokenStorePath?: string | undefined;
  /** Tag vocabulary; undefined = any tag is allowed. */
  allowedTags?: string[] | undefined;
  fieldNamePolicy: FieldNamePolicy;
  /** Whether Records keep secret values in the state (encrypted) or only fingerprints (none). */
  secretsInState: SecretsInState;
  /** Per-attempt request timeout (client default 60 s); slow servers and fault tests tune it. */
  requestTimeoutMs?: number | undefined;
  /** Retries after the first attempt (client default 4). */
  maxRetries?: number | undefined;
  /** Requests in flight at once from this provider process (client default 8). */
  maxInFlight?: number | undefined;
  /** false: a refresh reads only the records it manages, one GET each (coalesced), none ahead. */
  refreshReadAhead?: boolean | undefined;
  /** Organisation limits on grants (access/access-rules.ts); [] = none. */
  accessRules: AccessRule[];
  /**
   * Client-side encryption: `approve` (default) — a declared access change approves the requests for
   * connection it causes; `leave` — a vault administrator approves them in Passwork.
   */
  connectionRequests: ConnectionRequests;
}

/** Where a raw setting comes from: `get("host")` → the stack config value of `passwork:host`. */
export type SettingSource = (key: string) => string | undefined;

interface SettingSpec {
  env?: string;
  secret?: true;
}

/** The keys, in the order their errors are reported. */
const SPECS = {
  host: { env: "PASSWORK_HOST" },
  accessToken: { env: "PASSWORK_TOKEN", secret: true },
  refreshToken: { env: "PASSWORK_REFRESH_TOKEN", secret: true },
  masterKey: { env: "PASSWORK_MASTER_KEY", secret: true },
  caCertPath: {},
  insecureSkipVerify: {},
  refreshMode: {},
  tokenStorePath: {},
  fieldNamePolicy: {},
  secretsInState: {},
  allowedTags: {},
  requestTimeoutMs: { env: "PASSWORK_REQUEST_TIMEOUT_MS" },
  maxRetries: { env: "PASSWORK_MAX_RETRIES" },
  maxInFlight: { env: "PASSWORK_MAX_IN_FLIGHT" },
  refreshReadAhead: {},
  accessRules: { env: "PASSWORK_ACCESS_RULES" },
  connectionRequests: {},
} satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SPECS;
type RawSettings = Partial<Record<SettingKey, string>>;

function howToSet(key: SettingKey): string {
  const spec: SettingSpec = SPECS[key];
  const cli = `pulumi config set ${spec.secret ? "--secret " : ""}passwork:${key} ...`;
  return spec.env ? `\`${cli}\` or the environment variable ${spec.env}` : `\`${cli}\``;
}

/** The raw (trimmed, non-empty) strings: stack config first, then the environment. */
export function readRaw(
  source: SettingSource,
  env: NodeJS.ProcessEnv,
  keys: readonly SettingKey[],
): RawSettings {
  const raw: RawSettings = {};
  for (const key of keys) {
    const spec: SettingSpec = SPECS[key];
    const value = source(key)?.trim() || (spec.env ? env[spec.env]?.trim() : undefined);
    if (value) raw[key] = value;
  }
  return raw;
}

const text = z.string().optional();

const host = z
  .string()
  .refine((v) => /^https?:\/\//i.test(v), {
    error: `passwork:host must be an http(s) URL such as https://passwork.example.com (got a value without a scheme); fix it with ${howToSet("host")}.`,
    abort: true,
  })
  .refine((v) => URL.canParse(v), {
    error: `passwork:host is not a valid URL (expected e.g. https://passwork.example.com); fix it with ${howToSet("host")}.`,
  })
  .transform((v) => v.replace(/\/+$/, ""))
  .optional();

const flag = (key: SettingKey) =>
  z
    .enum(["true", "false"], { error: `passwork:${key} must be true or false; set ${howToSet(key)}.` })
    .transform((v) => v === "true")
    .optional();

const oneOf = <const T extends string>(key: SettingKey, values: readonly [T, T]) =>
  z
    .enum(values, {
      error: `passwork:${key} must be "${values[0]}" or "${values[1]}"; set ${howToSet(key)}.`,
    })
    .optional();

/** A whole number within [min, max]; the message names the key and the range, never a value. */
const wholeNumber = (key: SettingKey, min: number, max: number) =>
  z
    .string()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, {
      error: `passwork:${key} must be a whole number from ${min} to ${max}; set ${howToSet(key)}.`,
    })
    .transform(Number)
    .optional();

/** `passwork:allowedTags` is a JSON list of strings (`pulumi config set --path` writes one). */
const allowedTags = z
  .string()
  .transform((raw, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      ctx.addIssue({
        code: "custom",
        message: `passwork:allowedTags must be a JSON list of tags such as ["production","staging"]; it is not valid JSON.`,
      });
      return z.NEVER;
    }
    if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === "string" && t.trim() !== "")) {
      ctx.addIssue({
        code: "custom",
        message: `passwork:allowedTags must be a JSON list of non-empty strings such as ["production","staging"].`,
      });
      return z.NEVER;
    }
    return [...new Set(parsed.map((t: string) => t.trim()))].sort();
  })
  .optional();

/** `passwork:accessRules`: access-rules.ts parses it and words its errors (key, index, field). */
const accessRules = z.string().transform((raw, ctx): AccessRule[] => {
  try {
    return parseAccessRules(raw);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: (e as Error).message });
    return z.NEVER;
  }
});

export const SettingsSchema = z.object({
  host,
  accessToken: text,
  refreshToken: text,
  masterKey: text,
  caCertPath: text,
  insecureSkipVerify: flag("insecureSkipVerify"),
  refreshMode: oneOf("refreshMode", ["access-token", "pair"]),
  tokenStorePath: text,
  fieldNamePolicy: oneOf("fieldNamePolicy", ["warn", "fail"]).default("warn"),
  secretsInState: oneOf("secretsInState", ["encrypted", "none"]).default("encrypted"),
  allowedTags,
  requestTimeoutMs: wholeNumber("requestTimeoutMs", 100, 3_600_000),
  maxRetries: wholeNumber("maxRetries", 0, 20),
  maxInFlight: wholeNumber("maxInFlight", 1, 256),
  refreshReadAhead: flag("refreshReadAhead"),
  accessRules: accessRules.default([]),
  connectionRequests: oneOf("connectionRequests", ["approve", "leave"]).default("approve"),
} satisfies Record<SettingKey, z.ZodType>);

export const SETTING_KEYS = Object.keys(SPECS) as SettingKey[];

/** What `check` needs: no host or token, so a preview without credentials still validates inputs. */
export const CheckSettingsSchema = SettingsSchema.pick({
  fieldNamePolicy: true,
  allowedTags: true,
  secretsInState: true,
});
export const AccessSettingsSchema = SettingsSchema.pick({ accessRules: true });

/** Parses raw settings with one of the schemas; the first problem becomes one ProviderSettingsError. */
export function parseSettings<S extends z.ZodType>(schema: S, raw: RawSettings): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ProviderSettingsError(parsed.error.issues[0]!.message);
  return parsed.data;
}

/** Builds settings from a config source and an environment; throws one actionable error. */
export function resolveSettings(
  source: SettingSource,
  env: NodeJS.ProcessEnv = process.env,
): ProviderSettings {
  const raw = readRaw(source, env, SETTING_KEYS);
  const missing: string[] = [];
  if (!raw.host) missing.push(`the Passwork URL: set ${howToSet("host")}`);
  if (!raw.accessToken) missing.push(`an API access token: set ${howToSet("accessToken")}`);
  if (!raw.host || !raw.accessToken) {
    throw new ProviderSettingsError(
      `Passwork provider is not configured; missing ${missing.join("; and ")}.`,
    );
  }
  const { tokenStorePath, ...parsed } = parseSettings(SettingsSchema, raw);
  // `off` disables the store; unset, a refresh token gets one by default (token-store-path.ts).
  const store =
    tokenStorePath ??
    (parsed.refreshToken ? defaultTokenStorePath(raw.host, parsed.refreshToken, env) : undefined);
  return {
    ...parsed,
    host: parsed.host ?? raw.host,
    accessToken: raw.accessToken,
    tokenStorePath: store === "off" ? undefined : store,
  };
}

/** `passwork:allowedTags` as the schema reads it: a sorted set of trimmed tags. */
export function parseAllowedTags(raw: string): string[] {
  return parseSettings(SettingsSchema.pick({ allowedTags: true }), { allowedTags: raw }).allowedTags ?? [];
}
