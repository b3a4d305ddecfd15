/**
 * The client's error hierarchy. Every error the client throws is a `PassworkError` with a stable
 * `code` (`PASSWORK_NOT_FOUND`, ...) that callers may switch on; callers branch on the class or the
 * code, never on message text. HTTP failures are built by one factory (`errorFromResponse`) and
 * every message by one function (`formatMessage`), so no message can carry a token, a request body
 * or a secret value: the only server text used is the error entry's `message` and `field`, and the
 * path is the template (`/api/v1/items/{id}`), not the filled-in URL.
 */
import type { z } from "zod";
import type { ErrorEntry } from "../../protocol/common";

export interface PassworkErrorOptions {
  cause?: unknown;
  /** The request may or may not have taken effect on the server (a POST cut off mid-way). */
  outcomeUnknown?: boolean;
}

export class PassworkError extends Error {
  readonly code: string = "PASSWORK_ERROR";
  /**
   * True when a write may have been applied although it failed here: the caller must look the
   * object up (same parent + name) before creating it again, never retry blindly.
   */
  readonly outcomeUnknown: boolean;

  constructor(message: string, options: PassworkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
}

/** Where a request went: the method, the real path and its template (ids replaced by `{id}`). */
export interface RequestTarget {
  method: string;
  path: string;
  pathTemplate: string;
}

export interface ApiErrorDetails extends RequestTarget {
  status: number;
  /** Passwork's own error code (`accessTokenExpired`, `notFound`, `lastAdministrator`, ...). */
  apiCode: string | undefined;
  field: string | undefined;
  serverMessage: string | undefined;
}

/** An HTTP response with an error status. */
export class PassworkApiError extends PassworkError {
  override readonly code: string = "PASSWORK_API_ERROR";
  readonly status: number;
  readonly apiCode: string | undefined;
  readonly field: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly pathTemplate: string;
  readonly serverMessage: string | undefined;

  constructor(details: ApiErrorDetails, options: PassworkErrorOptions & { message?: string } = {}) {
    super((options.message ?? formatMessage(details)) + outcomeNote(options), options);
    this.status = details.status;
    this.apiCode = details.apiCode;
    this.field = details.field;
    this.method = details.method;
    this.path = details.path;
    this.pathTemplate = details.pathTemplate;
    this.serverMessage = details.serverMessage;
  }
}

export class AuthenticationError extends PassworkApiError {
  override readonly code = "PASSWORK_AUTHENTICATION";
}
export class PermissionDeniedError extends PassworkApiError {
  override readonly code = "PASSWORK_PERMISSION_DENIED";
}
export class NotFoundError extends PassworkApiError {
  override readonly code = "PASSWORK_NOT_FOUND";
}
export class ConflictError extends PassworkApiError {
  override readonly code = "PASSWORK_CONFLICT";
}
export class ValidationError extends PassworkApiError {
  override readonly code = "PASSWORK_VALIDATION";
}
export class RateLimitError extends PassworkApiError {
  override readonly code = "PASSWORK_RATE_LIMITED";
  /** What the server's Retry-After asked for, if it sent one. */
  retryAfterMs: number | undefined;
}
export class ServerError extends PassworkApiError {
  override readonly code = "PASSWORK_SERVER_ERROR";
}

/** The request never produced a response: refused, reset, DNS, TLS. `cause` is the undici error. */
export class ConnectionError extends PassworkError {
  override readonly code: string = "PASSWORK_CONNECTION";
  readonly method: string;
  readonly path: string;
  readonly pathTemplate: string;
  constructor(target: RequestTarget, reason: string, options: PassworkErrorOptions = {}) {
    super(`${target.method} ${target.pathTemplate}: ${reason}${outcomeNote(options)}`, options);
    this.method = target.method;
    this.path = target.path;
    this.pathTemplate = target.pathTemplate;
  }
}

/** A connect, headers, body or per-attempt timeout. `cause` is the undici or abort error. */
export class TimeoutError extends ConnectionError {
  override readonly code = "PASSWORK_TIMEOUT";
}

/** A 2xx response whose JSON does not match the schema: issue paths only, never the values. */
export class ResponseShapeError extends PassworkError {
  override readonly code = "PASSWORK_RESPONSE_SHAPE";
  readonly issues: readonly string[];
  constructor(target: RequestTarget, issues: readonly string[], options: PassworkErrorOptions = {}) {
    super(
      `${target.method} ${target.pathTemplate}: unexpected response shape: ${issues.join("; ")}`,
      options,
    );
    this.issues = issues;
  }
}

/** Zod issues as `path: message` lines (at most 10): zod's messages name the expected type, never the value. */
export function shapeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
}

/** A missing or invalid setting; the message names the config key and the environment variable. */
export class ConfigurationError extends PassworkError {
  override readonly code = "PASSWORK_CONFIGURATION";
  readonly configKey: string;
  readonly envVar: string | undefined;
  constructor(configKey: string, envVar: string | undefined, problem: string) {
    const where = envVar ? `${configKey} (or environment variable ${envVar})` : configKey;
    super(`${problem}: set ${where}.`);
    this.configKey = configKey;
    this.envVar = envVar;
  }
}

/** The one place an API error message is built: `404 GET /api/v1/items/{id}: Item not found (field: name)`. */
export function formatMessage(d: ApiErrorDetails): string {
  const text = d.serverMessage ?? d.apiCode ?? "no error details in the response";
  const field = d.field ? ` (field: ${d.field})` : "";
  return `${d.status} ${d.method} ${d.pathTemplate}: ${text}${field}`;
}

function outcomeNote(options: PassworkErrorOptions): string {
  return options.outcomeUnknown
    ? " (the request may have been applied; look the object up before retrying)"
    : "";
}

type ApiErrorClass = new (
  details: ApiErrorDetails,
  options?: PassworkErrorOptions & { message?: string },
) => PassworkApiError;

function classForStatus(status: number): ApiErrorClass {
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 400 || status === 422) return ValidationError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  return PassworkApiError;
}

export interface ResponseErrorInput extends RequestTarget {
  status: number;
  /** The first entry of `{errors: [...]}`, when the body had one. */
  entry: ErrorEntry | undefined;
  /** Used when the body had no error entry (non-JSON proxy page, empty body). */
  fallbackMessage?: string;
  retryAfterMs?: number;
  outcomeUnknown?: boolean;
  /** Replaces the built message (used for auth errors that must say which setting to renew). */
  message?: string;
}

/** The factory: status + Passwork error entry → the typed error. */
export function errorFromResponse(input: ResponseErrorInput): PassworkApiError {
  const details: ApiErrorDetails = {
    status: input.status,
    method: input.method,
    path: input.path,
    pathTemplate: input.pathTemplate,
    apiCode: input.entry?.code,
    field: input.entry?.field,
    serverMessage: input.entry?.message ?? input.fallbackMessage,
  };
  const Ctor = classForStatus(input.status);
  const options: PassworkErrorOptions & { message?: string } = {
    outcomeUnknown: input.outcomeUnknown ?? false,
  };
  if (input.message !== undefined) options.message = input.message;
  const error = new Ctor(details, options);
  if (error instanceof RateLimitError) error.retryAfterMs = input.retryAfterMs;
  return error;
}

/** An authentication failure whose message says which setting to renew. */
export function authErrorWithAdvice(from: PassworkApiError, advice: string): AuthenticationError {
  const details: ApiErrorDetails = {
    status: from.status,
    method: from.method,
    path: from.path,
    pathTemplate: from.pathTemplate,
    apiCode: from.apiCode,
    field: from.field,
    serverMessage: from.serverMessage,
  };
  return new AuthenticationError(details, { message: `${formatMessage(details)}; ${advice}`, cause: from });
}
