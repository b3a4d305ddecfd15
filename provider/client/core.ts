/**
 * `PassworkClient`: the one request path. Base URL, bearer + master-key-hash headers, PHP-style
 * query strings, the base64 envelope, per-attempt timeouts, bounded in-flight requests, the retry
 * policy (retry-policy.ts), single-flight token refresh (auth.ts), zod parsing of every response and
 * typed errors (errors.ts). Endpoint modules are thin functions over `get/post/patch/delete`.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Pool } from "undici";
import type { z } from "zod";
import { TokenManager, type RefreshMode } from "./auth";
import { decodeBody } from "./envelope";
import {
  ConfigurationError,
  ConnectionError,
  ResponseShapeError,
  shapeIssues,
  TimeoutError,
  errorFromResponse,
  type PassworkError,
  type RequestTarget,
} from "./errors";
import { Limiter } from "./limiter";
import { API_PREFIX, type ApiPath } from "./path";
import { toQueryString, type QueryParams } from "./query";
import type { HttpMethod, RequestOptions, Requester } from "./request";
import {
  AttemptTimeout,
  backoffMs,
  classifyTransportError,
  parseRetryAfter,
  shouldRetryStatus,
  shouldRetryTransport,
  sleep,
  type RetrySettings,
  type TransportFailure,
} from "./retry-policy";
import { ErrorBodySchema, type ErrorEntry } from "../../protocol/common";
import type { TokenStore } from "./token-store";

export type { HttpMethod, RequestOptions } from "./request";

export interface ClientOptions {
  /** `https://passwork.example.com` (no `/api/v1`). */
  host: string;
  accessToken: string;
  refreshToken?: string | undefined;
  /** The derived (base64) master key; enables client-side encryption. */
  masterKey?: string | undefined;
  caCertPath?: string | undefined;
  insecureSkipVerify?: boolean | undefined;
  /** Defaults: connect 10 s, headers 30 s, body 30 s, whole attempt 60 s. */
  connectTimeoutMs?: number | undefined;
  headersTimeoutMs?: number | undefined;
  bodyTimeoutMs?: number | undefined;
  requestTimeoutMs?: number | undefined;
  /** Retries after the first attempt (default 4). */
  maxRetries?: number | undefined;
  /** Requests in flight at once (= pool connections); the rest queue. Default 8. */
  maxInFlight?: number | undefined;
  /** Read records ahead during a refresh (read-ahead.ts). Default true. */
  readAhead?: boolean | undefined;
  refreshMode?: RefreshMode | undefined;
  tokenStore?: TokenStore | undefined;
  userAgent?: string | undefined;
  /** Backoff base (default 200 ms), cap (5 s) and the cap on a server's Retry-After (30 s). */
  retryBaseMs?: number | undefined;
  retryCapMs?: number | undefined;
  retryAfterCapMs?: number | undefined;
  /** Receives one line per attempt/retry/refresh: method, path template, status, timing. Never secrets. */
  logger?: ((line: string) => void) | undefined;
}

export interface ClientStats {
  /** HTTP requests sent (attempts, including retries and refreshes). */
  requests: number;
  /** TCP/TLS connections the pool opened. */
  connections: number;
  retries: number;
  refreshes: number;
  peakInFlight: number;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  requestTimeoutMs: 60_000,
  maxRetries: 4,
  maxInFlight: 8,
};

/**
 * The settings module (provider/settings/) validated host and token before they got here; a client
 * built by hand without them is a programming error, still reported like a setting.
 */
function connectionTarget(options: ClientOptions): { origin: string; basePath: string } {
  if (!options.accessToken)
    throw new ConfigurationError(
      "passwork:accessToken",
      "PASSWORK_TOKEN",
      "the Passwork access token is not set",
    );
  const url = URL.canParse(options.host) ? new URL(options.host) : undefined;
  if (url?.protocol !== "https:" && url?.protocol !== "http:")
    throw new ConfigurationError(
      "passwork:host",
      "PASSWORK_HOST",
      "the Passwork host must be an http(s) URL",
    );
  // A pasted `/api/v1` suffix would double the prefix; a reverse-proxy sub-path is kept.
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, "").replace(/\/api(\/v1)?$/, "") };
}

function readCa(caCertPath: string): Buffer {
  try {
    return readFileSync(caCertPath);
  } catch (e) {
    throw new ConfigurationError(
      "passwork:caCertPath",
      undefined,
      `cannot read the CA certificate file (${(e as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
}

export class PassworkClient implements Requester {
  readonly masterKey: string | undefined;
  /** Per-client caches used by endpoint modules (vault keys, private key, vault types, me). */
  readonly cache = new Map<string, unknown>();
  /** Whether `items.read` with a location reads the folder's other records ahead (read-ahead.ts). */
  readonly readAhead: boolean;
  private readonly pool: Pool;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly auth: TokenManager;
  private readonly limiter: Limiter;
  private readonly retry: RetrySettings;
  private readonly requestTimeoutMs: number;
  private readonly masterKeyHash: string | undefined;
  private readonly userAgent: string;
  private readonly logger: ((line: string) => void) | undefined;
  private readonly counters = { requests: 0, connections: 0, retries: 0 };

  constructor(options: ClientOptions) {
    const { origin, basePath } = connectionTarget(options);
    this.origin = origin;
    this.basePath = basePath;
    this.masterKey = options.masterKey || undefined;
    this.readAhead = options.readAhead ?? true;
    this.masterKeyHash = this.masterKey
      ? createHash("sha256").update(this.masterKey).digest("hex")
      : undefined;
    const maxInFlight = options.maxInFlight ?? DEFAULTS.maxInFlight;
    this.limiter = new Limiter(maxInFlight);
    this.retry = {
      maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
      baseMs: options.retryBaseMs ?? 200,
      capMs: options.retryCapMs ?? 5_000,
      retryAfterCapMs: options.retryAfterCapMs ?? 30_000,
    };
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
    this.userAgent = options.userAgent ?? "pulumi-passwork";
    this.logger = options.logger;
    this.auth = new TokenManager(
      {
        accessToken: options.accessToken,
        refreshToken: options.refreshToken || undefined,
        refreshMode: options.refreshMode ?? "access-token",
        tokenStore: options.tokenStore,
        logger: options.logger,
      },
      this,
    );
    const connect: { ca?: Buffer; rejectUnauthorized?: boolean } = {};
    if (options.caCertPath) connect.ca = readCa(options.caCertPath);
    if (options.insecureSkipVerify) connect.rejectUnauthorized = false;
    // undici is loaded on first use (~100 ms): a preview or no-change up never builds a client.
    const { Pool: PoolClass } = require("undici") as typeof import("undici");
    this.pool = new PoolClass(origin, {
      connections: maxInFlight,
      pipelining: 1,
      connectTimeout: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      headersTimeout: options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs ?? DEFAULTS.bodyTimeoutMs,
      connect,
    });
    this.pool.on("connect", () => {
      this.counters.connections++;
    });
  }

  stats(): ClientStats {
    return { ...this.counters, refreshes: this.auth.refreshCount, peakInFlight: this.limiter.peakInFlight };
  }

  /** Whether a master key is configured (client-side encryption possible). */
  get hasMasterKey(): boolean {
    return this.masterKey !== undefined;
  }

  get<S extends z.ZodType>(path: ApiPath, schema: S, query?: QueryParams): Promise<z.output<S>> {
    return this.request(query ? { method: "GET", path, schema, query } : { method: "GET", path, schema });
  }
  post<S extends z.ZodType>(path: ApiPath, body: unknown, schema: S): Promise<z.output<S>> {
    return this.request({ method: "POST", path, body, schema });
  }
  patch<S extends z.ZodType>(path: ApiPath, body: unknown, schema: S): Promise<z.output<S>> {
    return this.request({ method: "PATCH", path, body, schema });
  }
  delete<S extends z.ZodType>(path: ApiPath, schema: S): Promise<z.output<S>> {
    return this.request({ method: "DELETE", path, schema });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /**
   * The one retry loop: a transport failure or a retryable status waits (Retry-After on a 429, else
   * capped jittered backoff) and tries again, up to `maxRetries` in all; a 401 goes to the token
   * manager, which refreshes or finds a newer token, and the request is replayed once.
   */
  async request<S extends z.ZodType>(opts: RequestOptions<S>): Promise<z.output<S>> {
    const target: RequestTarget = {
      method: opts.method,
      path: API_PREFIX + opts.path.value,
      pathTemplate: API_PREFIX + opts.path.template,
    };
    const method = retryMethod(opts);
    const managed = opts.auth === undefined;
    if (managed) await this.auth.ready();
    let retries = 0;
    let replayed = false;
    for (;;) {
      const token = opts.auth === "none" ? undefined : (opts.auth?.bearer ?? this.auth.accessToken);
      const started = Date.now();
      const outcome = await this.attempt(target, opts, token);
      let error: PassworkError;
      let retryInMs: number | undefined;
      let why: string;
      if ("failure" in outcome) {
        const { failure, cause } = outcome;
        const ErrorClass = failure.timeout ? TimeoutError : ConnectionError;
        error = new ErrorClass(target, failure.reason, {
          cause,
          outcomeUnknown: method === "POST" && !failure.neverSent,
        });
        if (shouldRetryTransport(method, opts.path.template, failure))
          retryInMs = backoffMs(retries, this.retry);
        why = failure.reason;
      } else {
        const response = outcome;
        this.log(
          `${target.method} ${target.pathTemplate} -> ${response.status} in ${Date.now() - started} ms`,
        );
        if (response.status >= 200 && response.status < 300) return this.parse(target, response, opts.schema);
        const retryAfterMs = parseRetryAfter(
          header(response.headers, "retry-after"),
          this.retry.retryAfterCapMs,
        );
        const apiError = this.errorOf(target, response, method, retryAfterMs);
        if (response.status === 401 && managed && token !== undefined) {
          await this.auth.renew(token, apiError, replayed);
          replayed = true;
          continue;
        }
        error = apiError;
        if (shouldRetryStatus(method, opts.path.template, response.status))
          retryInMs =
            response.status === 429 && retryAfterMs !== undefined
              ? retryAfterMs
              : backoffMs(retries, this.retry);
        why = `${response.status}`;
      }
      if (retryInMs === undefined || retries >= this.retry.maxRetries) throw error;
      retries++;
      this.noteRetry(target, why, retryInMs);
      await sleep(retryInMs);
    }
  }

  /** One HTTP exchange: the response, or the transport failure (classified for the retry policy). */
  private async attempt(
    target: RequestTarget,
    opts: RequestOptions<z.ZodType>,
    token: string | undefined,
  ): Promise<RawResponse | { failure: TransportFailure; cause: unknown }> {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new AttemptTimeout(this.requestTimeoutMs)),
      this.requestTimeoutMs,
    );
    let release: (() => void) | undefined;
    try {
      release = await this.limiter.acquire(controller.signal);
      this.counters.requests++;
      const res = await this.pool.request({
        method: opts.method,
        path: this.basePath + target.path + toQueryString(opts.query),
        headers: this.headers(token, opts.body !== undefined),
        body: opts.body === undefined ? null : JSON.stringify(opts.body),
        signal: controller.signal,
      });
      const text = await res.body.text();
      return { status: res.statusCode, headers: res.headers, text };
    } catch (cause) {
      return { failure: classifyTransportError(cause, controller.signal), cause };
    } finally {
      clearTimeout(timer);
      release?.();
    }
  }

  /** The typed error for an error status; Passwork's own message is kept, with our secrets redacted. */
  private errorOf(
    target: RequestTarget,
    response: RawResponse,
    method: HttpMethod,
    retryAfterMs: number | undefined,
  ): ReturnType<typeof errorFromResponse> {
    const decoded = decodeBody(response.text, header(response.headers, "content-type"));
    const entry = decoded.kind === "json" ? firstErrorEntry(decoded.value) : undefined;
    return errorFromResponse({
      ...target,
      status: response.status,
      entry: entry && { ...entry, message: this.redact(entry.message) },
      fallbackMessage: decoded.kind === "invalid" ? decoded.reason : `HTTP ${response.status}`,
      outcomeUnknown: method === "POST" && response.status >= 500,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }

  private headers(token: string | undefined, hasBody: boolean): Record<string, string> {
    const h: Record<string, string> = { accept: "application/json", "user-agent": this.userAgent };
    if (token !== undefined) h["authorization"] = `Bearer ${token}`;
    if (this.masterKeyHash) h["x-master-key-hash"] = this.masterKeyHash;
    if (hasBody) h["content-type"] = "application/json";
    return h;
  }

  private parse<S extends z.ZodType>(target: RequestTarget, response: RawResponse, schema: S): z.output<S> {
    const decoded = decodeBody(response.text, header(response.headers, "content-type"));
    if (decoded.kind === "invalid") throw new ResponseShapeError(target, [decoded.reason]);
    const value = decoded.kind === "empty" ? {} : decoded.value;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new ResponseShapeError(target, shapeIssues(parsed.error));
  }

  private noteRetry(target: RequestTarget, why: string, waitMs: number): void {
    this.counters.retries++;
    this.log(`${target.method} ${target.pathTemplate}: ${why}, retrying in ${waitMs} ms`);
  }

  private log(line: string): void {
    this.logger?.(line);
  }

  /** Defence in depth: a server message that echoes one of our secrets is redacted. */
  private redact(text: string): string {
    let out = text;
    for (const secret of [...this.auth.secrets(), this.masterKey]) {
      if (secret && secret.length >= 8) out = out.split(secret).join("[redacted]");
    }
    return out;
  }

  /** For diagnostics and tests: the origin this client talks to (no credentials). */
  get baseUrl(): string {
    return this.origin + this.basePath;
  }
}

function retryMethod(opts: { method: HttpMethod; idempotent?: boolean }): HttpMethod {
  return opts.idempotent ? "GET" : opts.method;
}

function header(headers: RawResponse["headers"], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function firstErrorEntry(value: unknown): ErrorEntry | undefined {
  const parsed = ErrorBodySchema.safeParse(value);
  return parsed.success ? parsed.data.errors[0] : undefined;
}
