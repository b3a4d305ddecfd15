/**
 * The shape of one request, apart from the client that sends it: endpoint modules and the token
 * manager depend on this, not on core.ts, so the session endpoints the token manager calls do not
 * import the client that uses the token manager.
 */
import type { z } from "zod";
import type { ApiPath } from "./path";
import type { QueryParams } from "./query";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface RequestOptions<S extends z.ZodType> {
  method: HttpMethod;
  path: ApiPath;
  query?: QueryParams;
  body?: unknown;
  schema: S;
  /** "none" for unauthenticated calls; an explicit bearer disables refresh handling. */
  auth?: "none" | { bearer: string };
  /** A POST that changes nothing (POST /batch of GETs) may be retried like a GET. */
  idempotent?: boolean;
}

/** Anything that sends a request and parses the answer (PassworkClient). */
export interface Requester {
  request<S extends z.ZodType>(opts: RequestOptions<S>): Promise<z.output<S>>;
}
