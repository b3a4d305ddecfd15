/**
 * The one retry policy (design rule 9). GET/PATCH/DELETE are retried on 429, 500/502/503/504 and
 * connection failures. A POST is retried only when it provably never reached the server (refused,
 * DNS, connect timeout, still queued) or got a 429 (Passwork does no work on a 429). The three
 * `/sessions/*` endpoints are never retried: a replayed refresh could kill the pair it just made.
 */
import { QueueAbortedError } from "./limiter";

export interface RetrySettings {
  maxRetries: number;
  baseMs: number;
  capMs: number;
  retryAfterCapMs: number;
}

export interface TransportFailure {
  /** The request bytes never left this process (connect failed, or still queued). */
  neverSent: boolean;
  timeout: boolean;
  /** A retry cannot help (TLS certificate problems). */
  permanent: boolean;
  reason: string;
}

const NEVER_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);
const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/;

/** Marks the abort raised by the per-attempt timer, to tell it apart from other aborts. */
export class AttemptTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no complete response within ${ms} ms`);
    this.name = "AttemptTimeout";
  }
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

export function classifyTransportError(error: unknown, signal: AbortSignal): TransportFailure {
  if (error instanceof QueueAbortedError) {
    const ms = error.reason instanceof AttemptTimeout ? error.reason.ms : undefined;
    return {
      neverSent: true,
      timeout: true,
      permanent: false,
      reason: `no free connection slot within ${ms ?? "the"} ms`,
    };
  }
  if (signal.aborted && signal.reason instanceof AttemptTimeout) {
    return { neverSent: false, timeout: true, permanent: false, reason: signal.reason.message };
  }
  const codes = errorCodes(error);
  const tls = codes.find((c) => TLS_CODE.test(c));
  if (tls) {
    return {
      neverSent: true,
      timeout: false,
      permanent: true,
      reason: `TLS failure (${tls}); set passwork:caCertPath to the server's CA certificate, or passwork:insecureSkipVerify for a test server`,
    };
  }
  const code = codes[0] ?? (error instanceof Error ? error.name : "unknown error");
  return {
    neverSent: codes.some((c) => NEVER_SENT_CODES.has(c)),
    timeout: codes.some((c) => TIMEOUT_CODES.has(c)),
    permanent: false,
    reason: `connection failed (${code})`,
  };
}

export function isSessionPath(templatePath: string): boolean {
  return templatePath.startsWith("/sessions/");
}

export function shouldRetryStatus(method: string, templatePath: string, status: number): boolean {
  if (isSessionPath(templatePath)) return false;
  if (status === 429) return true;
  if (method === "POST") return false;
  return status === 500 || status === 502 || status === 503 || status === 504;
}

export function shouldRetryTransport(
  method: string,
  templatePath: string,
  failure: TransportFailure,
): boolean {
  if (failure.permanent || isSessionPath(templatePath)) return false;
  return method !== "POST" || failure.neverSent;
}

/** Capped exponential backoff with jitter in [d/2, d]. */
export function backoffMs(retryIndex: number, s: RetrySettings, random: () => number = Math.random): number {
  const d = Math.min(s.capMs, s.baseMs * 2 ** retryIndex);
  return Math.round(d / 2 + random() * (d / 2));
}

/** `Retry-After` as seconds or an HTTP date, capped; undefined when absent or unreadable. */
export function parseRetryAfter(
  header: string | undefined,
  capMs: number,
  now: number = Date.now(),
): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const seconds = Number(header);
  let ms: number;
  if (Number.isFinite(seconds)) ms = seconds * 1000;
  else {
    const at = Date.parse(header);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(capMs, Math.max(0, Math.round(ms)));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
