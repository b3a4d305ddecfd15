/**
 * Sends the operations of protocol/access-protocol.ts (the access/identity table): the path comes from
 * the table's template, the response schema from its row. Every operation but the probe itself first
 * waits for the probe (`accessProtocolReady`): once a server has answered the probe with "no such
 * endpoint", no request goes to an access path for the rest of the process; each call fails with the
 * probe's one message instead.
 */
import type { z } from "zod";
import { memo } from "./cache";
import { coalescedGet } from "./coalesce";
import type { PassworkClient } from "./core";
import { PassworkApiError, PassworkError, ResponseShapeError } from "./errors";
import { API_PREFIX, path, type ApiPath } from "./path";
import type { QueryParams } from "./query";
import {
  ACCESS_PROBE,
  ACCESS_PROTOCOL,
  ACCESS_PROTOCOL_DOC,
  pathParameters,
  type AccessOperationName,
} from "../../protocol/access-protocol";

type Op = typeof ACCESS_PROTOCOL;
export type AccessResponse<K extends AccessOperationName> = z.output<Op[K]["response"]>;

/** The server does not speak the (unpublished, assumed) access protocol: the probe's verdict. */
export class AccessProtocolUnavailableError extends PassworkError {
  override readonly code = "PASSWORK_ACCESS_PROTOCOL_UNAVAILABLE";
}

/** The API path of `name` with its `{…}` segments filled from `params` (percent-encoded like `path`). */
export function accessPath(
  name: AccessOperationName,
  params: Readonly<Record<string, string>> = {},
): ApiPath {
  const template = ACCESS_PROTOCOL[name].path;
  const names = pathParameters(template);
  const strings = template.split(/\{\w+\}/);
  const values = names.map((n) => {
    const v = params[n];
    if (v === undefined) throw new TypeError(`${name}: path parameter ${n} is missing`);
    return v;
  });
  return path(Object.assign([...strings], { raw: strings }) as unknown as TemplateStringsArray, ...values);
}

export interface AccessCall {
  params?: Readonly<Record<string, string>>;
  query?: QueryParams;
  body?: unknown;
  /** GETs only: share a /batch call with other reads of the same moment (refresh). */
  coalesce?: boolean;
}

/** Sends one operation of the table (after the probe) and parses the answer with the row's schema. */
export async function callAccess<K extends AccessOperationName>(
  c: PassworkClient,
  name: K,
  call: AccessCall = {},
): Promise<AccessResponse<K>> {
  await accessProtocolReady(c);
  return send(c, name, call);
}

function send<K extends AccessOperationName>(
  c: PassworkClient,
  name: K,
  call: AccessCall,
): Promise<AccessResponse<K>> {
  const row = ACCESS_PROTOCOL[name];
  const target = accessPath(name, call.params);
  const schema = row.response as unknown as z.ZodType<AccessResponse<K>>;
  if (row.method === "GET" && call.coalesce && call.query === undefined)
    return coalescedGet(c, target, schema);
  return c.request({
    method: row.method,
    path: target,
    schema,
    ...(call.query !== undefined ? { query: call.query } : {}),
    ...(row.method === "POST" ? { body: call.body ?? {} } : {}),
  });
}

type Verdict = { ok: true } | { ok: false; error: AccessProtocolUnavailableError };

/**
 * Resolves when the server answers the probe read; throws the probe's AccessProtocolUnavailableError
 * (without a request) when it did not. Asked once per client: a transient failure (connection, 5xx,
 * 401/403) is not a verdict and is thrown as it is, so the next call probes again.
 */
export async function accessProtocolReady(c: PassworkClient): Promise<void> {
  const verdict = await memo(c, "accessProbe", () => probe(c));
  if (!verdict.ok) throw verdict.error;
}

/** What the probe sends, for messages and docs: `GET /api/v1/user-groups?name=…`. */
export function probeDescription(): string {
  const row = ACCESS_PROTOCOL[ACCESS_PROBE.operation];
  const query = new URLSearchParams(ACCESS_PROBE.query).toString();
  return `${row.method} ${API_PREFIX}${row.path}?${query}`;
}

async function probe(c: PassworkClient): Promise<Verdict> {
  try {
    await send(c, ACCESS_PROBE.operation, { query: ACCESS_PROBE.query });
    return { ok: true };
  } catch (err) {
    const answered = notSpoken(err);
    if (answered === undefined) throw err;
    return {
      ok: false,
      error: new AccessProtocolUnavailableError(unavailableMessage(answered), { cause: err }),
    };
  }
}

/** How the server said it does not speak the endpoint, or undefined for a failure that says nothing about it. */
function notSpoken(err: unknown): string | undefined {
  if (err instanceof ResponseShapeError) return `an answer of another shape (${err.message})`;
  if (err instanceof PassworkApiError && [400, 404, 405, 410, 422, 501].includes(err.status)) {
    const what = [err.apiCode, err.serverMessage].filter((s) => s !== undefined && s !== "").join(": ");
    return `HTTP ${err.status}${what ? ` (${what})` : ""}`;
  }
  return undefined;
}

export function unavailableMessage(answered: string): string {
  return (
    `this Passwork server does not answer the access endpoints the provider speaks: the probe ` +
    `${probeDescription()} got ${answered}. Passwork does not publish its API for vault/folder access, ` +
    `groups and service accounts; ours is an assumption kept in one configurable table ` +
    `(protocol/access-protocol.ts: paths and level codes). See ${ACCESS_PROTOCOL_DOC} for what to check ` +
    `and how to change it. Vaults, folders and records keep working; no further access request is sent.`
  );
}
