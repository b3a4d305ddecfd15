/**
 * Provider settings: stack config (`passwork:*`) first, the environment of Passwork's own CLI second.
 *
 * The dynamic-provider host calls `configure({config})` once per serialized provider text; its
 * `Config.get(key)` defaults the namespace to the *project*, so every key is read fully qualified
 * (`passwork:host`). One `PassworkClient` is built lazily per process and reused while the settings
 * stay the same. No function here ever puts a token, refresh token or master key into a message.
 */
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import { PassworkClient } from "./client";
import { FileTokenStore } from "./client";

/**
 * Where a refreshed token survives the run when `passwork:tokenStorePath` is not set: a refresh kills
 * the configured access token (and in pair mode the refresh token), so without it the next run would
 * start from a dead token. One file per (host, configured refresh token), mode 0600 in a 0700
 * directory; the name is a hash, never the token. `passwork:tokenStorePath off` disables it.
 */
export function defaultTokenStorePath(host: string, refreshToken: string, env: NodeJS.ProcessEnv): string {
  const home = env.PULUMI_PASSWORK_HOME || join(env.HOME || homedir(), ".pulumi-passwork");
  const key = createHash("sha256")
    .update(`${host.replace(/\/+$/, "")}\n${refreshToken}`)
    .digest("hex")
    .slice(0, 32);
  return join(home, "tokens", `${key}.json`);
}

/** A missing or invalid provider setting. The message names what to set and never holds a value. */
export class ProviderSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderSettingsError";
  }
}

export type FieldNamePolicy = "warn" | "fail";

export interface ProviderSettings {
  host: string;
  accessToken: string;
  refreshToken?: string;
  masterKey?: string;
  caCertPath?: string;
  insecureSkipVerify?: boolean;
  refreshMode?: "access-token" | "pair";
  tokenStorePath?: string;
  /** Tag vocabulary; undefined = any tag is allowed. */
  allowedTags?: string[];
  fieldNamePolicy: FieldNamePolicy;
  /** Per-attempt request timeout (client default 60 s); slow servers and fault tests tune it. */
  requestTimeoutMs?: number;
  /** Retries after the first attempt (client default 4). */
  maxRetries?: number;
  /** Requests in flight at once from this provider process (client default 8). */
  maxInFlight?: number;
  /** false: a refresh reads only the records it manages, one GET each (coalesced), none ahead. */
  refreshReadAhead?: boolean;
}

/** Where a raw setting comes from: `get("host")` → the stack config value of `passwork:host`. */
export type SettingSource = (key: string) => string | undefined;

interface SettingSpec {
  key: string;
  env?: string;
}

const SPECS = {
  host: { key: "host", env: "PASSWORK_HOST" },
  accessToken: { key: "accessToken", env: "PASSWORK_TOKEN" },
  refreshToken: { key: "refreshToken", env: "PASSWORK_REFRESH_TOKEN" },
  masterKey: { key: "masterKey", env: "PASSWORK_MASTER_KEY" },
  caCertPath: { key: "caCertPath" },
  insecureSkipVerify: { key: "insecureSkipVerify" },
  refreshMode: { key: "refreshMode" },
  tokenStorePath: { key: "tokenStorePath" },
  allowedTags: { key: "allowedTags" },
  fieldNamePolicy: { key: "fieldNamePolicy" },
  requestTimeoutMs: { key: "requestTimeoutMs", env: "PASSWORK_REQUEST_TIMEOUT_MS" },
  maxRetries: { key: "maxRetries", env: "PASSWORK_MAX_RETRIES" },
  maxInFlight: { key: "maxInFlight", env: "PASSWORK_MAX_IN_FLIGHT" },
  refreshReadAhead: { key: "refreshReadAhead" },
} satisfies Record<string, SettingSpec>;

function howToSet(spec: SettingSpec, secret: boolean): string {
  const cli = `pulumi config set ${secret ? "--secret " : ""}passwork:${spec.key} ...`;
  return spec.env ? `\`${cli}\` or the environment variable ${spec.env}` : `\`${cli}\``;
}

function read(source: SettingSource, env: NodeJS.ProcessEnv, spec: SettingSpec): string | undefined {
  const fromConfig = source(spec.key)?.trim();
  if (fromConfig) return fromConfig;
  const fromEnv = spec.env ? env[spec.env]?.trim() : undefined;
  return fromEnv ? fromEnv : undefined;
}

/** Builds settings from a config source and an environment; throws one actionable error. */
export function resolveSettings(
  source: SettingSource,
  env: NodeJS.ProcessEnv = process.env,
): ProviderSettings {
  const host = read(source, env, SPECS.host);
  const accessToken = read(source, env, SPECS.accessToken);
  const missing: string[] = [];
  if (!host) missing.push(`the Passwork URL: set ${howToSet(SPECS.host, false)}`);
  if (!accessToken) missing.push(`an API access token: set ${howToSet(SPECS.accessToken, true)}`);
  if (!host || !accessToken) {
    throw new ProviderSettingsError(
      `Passwork provider is not configured; missing ${missing.join("; and ")}.`,
    );
  }
  if (!/^https?:\/\//i.test(host)) {
    throw new ProviderSettingsError(
      `passwork:host must be an http(s) URL such as https://passwork.example.com (got a value without a scheme); fix it with ${howToSet(SPECS.host, false)}.`,
    );
  }
  const settings: ProviderSettings = { host: host.replace(/\/+$/, ""), accessToken, fieldNamePolicy: "warn" };
  const refreshToken = read(source, env, SPECS.refreshToken);
  if (refreshToken) settings.refreshToken = refreshToken;
  const masterKey = read(source, env, SPECS.masterKey);
  if (masterKey) settings.masterKey = masterKey;
  const caCertPath = read(source, env, SPECS.caCertPath);
  if (caCertPath) settings.caCertPath = caCertPath;
  const tokenStorePath =
    read(source, env, SPECS.tokenStorePath) ??
    (refreshToken ? defaultTokenStorePath(host, refreshToken, env) : undefined);
  if (tokenStorePath && tokenStorePath !== "off") settings.tokenStorePath = tokenStorePath;

  const insecure = read(source, env, SPECS.insecureSkipVerify);
  if (insecure !== undefined) {
    if (insecure !== "true" && insecure !== "false") {
      throw new ProviderSettingsError(
        `passwork:insecureSkipVerify must be true or false; set ${howToSet(SPECS.insecureSkipVerify, false)}.`,
      );
    }
    settings.insecureSkipVerify = insecure === "true";
  }
  const refreshMode = read(source, env, SPECS.refreshMode);
  if (refreshMode !== undefined) {
    if (refreshMode !== "access-token" && refreshMode !== "pair") {
      throw new ProviderSettingsError(
        `passwork:refreshMode must be "access-token" or "pair"; set ${howToSet(SPECS.refreshMode, false)}.`,
      );
    }
    settings.refreshMode = refreshMode;
  }
  const policy = read(source, env, SPECS.fieldNamePolicy);
  if (policy !== undefined) {
    if (policy !== "warn" && policy !== "fail") {
      throw new ProviderSettingsError(
        `passwork:fieldNamePolicy must be "warn" or "fail"; set ${howToSet(SPECS.fieldNamePolicy, false)}.`,
      );
    }
    settings.fieldNamePolicy = policy;
  }
  const allowedTags = read(source, env, SPECS.allowedTags);
  if (allowedTags !== undefined) settings.allowedTags = parseAllowedTags(allowedTags);
  const timeout = wholeNumber(source, env, SPECS.requestTimeoutMs, 100, 3_600_000);
  if (timeout !== undefined) settings.requestTimeoutMs = timeout;
  const retries = wholeNumber(source, env, SPECS.maxRetries, 0, 20);
  if (retries !== undefined) settings.maxRetries = retries;
  const inFlight = wholeNumber(source, env, SPECS.maxInFlight, 1, 256);
  if (inFlight !== undefined) settings.maxInFlight = inFlight;
  const readAhead = read(source, env, SPECS.refreshReadAhead);
  if (readAhead !== undefined) {
    if (readAhead !== "true" && readAhead !== "false")
      throw new ProviderSettingsError(
        `passwork:refreshReadAhead must be true or false; set ${howToSet(SPECS.refreshReadAhead, false)}.`,
      );
    settings.refreshReadAhead = readAhead === "true";
  }
  return settings;
}

/** A whole-number setting within [min, max]; the message names the key and the range, never a value. */
function wholeNumber(
  source: SettingSource,
  env: NodeJS.ProcessEnv,
  spec: SettingSpec,
  min: number,
  max: number,
): number | undefined {
  const raw = read(source, env, spec);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new ProviderSettingsError(
      `passwork:${spec.key} must be a whole number from ${min} to ${max}; set ${howToSet(spec, false)}.`,
    );
  }
  return n;
}

/** `passwork:allowedTags` is a JSON list of strings (`pulumi config set --path` writes one). */
export function parseAllowedTags(raw: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ProviderSettingsError(
      `passwork:allowedTags must be a JSON list of tags such as ["production","staging"]; it is not valid JSON.`,
    );
  }
  if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === "string" && t.trim() !== "")) {
    throw new ProviderSettingsError(
      `passwork:allowedTags must be a JSON list of non-empty strings such as ["production","staging"].`,
    );
  }
  return [...new Set(parsed.map((t: string) => t.trim()))].sort();
}

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

let configured: SettingSource | undefined;
let cached: { fingerprint: string; settings: ProviderSettings; client: PassworkClient } | undefined;

/** Called by the shim's `configure(req)`; the dynamic-provider host passes the stack config. */
export function configure(req: { config: { get(key: string): string | undefined } }): void {
  configured = sourceFromHostConfig(req.config);
}

/** For tests and the program process: use this source instead of the host's config. */
export function useSettingSource(source: SettingSource | undefined): void {
  configured = source;
}

/**
 * The settings `check` needs (tag vocabulary, field-name policy). Unlike currentSettings() this does
 * not require host/token: a preview of a program without credentials still validates its inputs.
 */
export function validationSettings(): Pick<ProviderSettings, "allowedTags" | "fieldNamePolicy"> {
  const source = configured ?? (() => undefined);
  const out: Pick<ProviderSettings, "allowedTags" | "fieldNamePolicy"> = { fieldNamePolicy: "warn" };
  const policy = read(source, process.env, SPECS.fieldNamePolicy);
  if (policy === "fail") out.fieldNamePolicy = "fail";
  const tags = read(source, process.env, SPECS.allowedTags);
  if (tags !== undefined) out.allowedTags = parseAllowedTags(tags);
  return out;
}

/** The settings this process uses now (configure() source, then env). */
export function currentSettings(): ProviderSettings {
  return resolveSettings(configured ?? (() => undefined));
}

function fingerprint(s: ProviderSettings): string {
  // Only used as a cache key in memory; never logged.
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

/** One client per distinct connection settings, built lazily and reused by every resource kind. */
export function clientFor(settings: ProviderSettings): PassworkClient {
  const key = fingerprint(settings);
  if (cached && cached.fingerprint === key) return cached.client;
  const previous = cached?.client;
  const client = new PassworkClient(clientOptions(settings));
  cached = { fingerprint: key, settings, client };
  if (previous) void Promise.resolve(previous.close?.()).catch(() => undefined);
  return client;
}

/** The configured client and settings for a CRUD call. */
export function providerContext(): { settings: ProviderSettings; client: PassworkClient } {
  const settings = currentSettings();
  return { settings, client: clientFor(settings) };
}

/** Client options for these settings (the provider process and program-process lookups alike). */
export function clientOptions(s: ProviderSettings): ConstructorParameters<typeof PassworkClient>[0] {
  const options: Record<string, unknown> = { host: s.host, accessToken: s.accessToken };
  if (s.refreshToken !== undefined) options.refreshToken = s.refreshToken;
  if (s.masterKey !== undefined) options.masterKey = s.masterKey;
  if (s.caCertPath !== undefined) options.caCertPath = s.caCertPath;
  if (s.insecureSkipVerify !== undefined) options.insecureSkipVerify = s.insecureSkipVerify;
  if (s.refreshMode !== undefined) options.refreshMode = s.refreshMode;
  if (s.tokenStorePath !== undefined) options.tokenStore = new FileTokenStore(s.tokenStorePath);
  if (s.requestTimeoutMs !== undefined) options.requestTimeoutMs = s.requestTimeoutMs;
  if (s.refreshReadAhead !== undefined) options.readAhead = s.refreshReadAhead;
  if (s.maxRetries !== undefined) options.maxRetries = s.maxRetries;
  if (s.maxInFlight !== undefined) options.maxInFlight = s.maxInFlight;
  return options as unknown as ConstructorParameters<typeof PassworkClient>[0];
}

/** Closes the cached client (tests; the provider process simply exits). */
export async function closeClient(): Promise<void> {
  const c = cached?.client;
  cached = undefined;
  await c?.close?.();
}
