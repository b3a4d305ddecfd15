/**
 * Sends the operations of protocol/access-protocol.ts (the access/identity table): the path comes from
 * the table's template, the response schema from its row. The probe (`accessProtocolReady`) is asked by
 * the access resources at preview, and here after any "no such endpoint" answer: once a server has
 * answered the probe with "no such endpoint", no request goes to an access path for the rest of the
 * process; each call fails with the probe's one message instead.
 */
import type { z } from "zod";
import { coalescedGet } from "./coalesce";
import type { PassworkClient } from "./core";
import { PassworkApiError, PassworkError, ResponseShapeError } from "./errors";
import { API_PREFIX, path, type ApiPath } from "./path";
import type { QueryParams } from "./query";
import {
  ACCESS_PROBE,
  ACCESS_PROTOCOL,
  ACCESS_PROTOCOL_DOC,
  CONNECTION_REQUESTS_PROBE,
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
  // The table's template in the shape of a tagged template's strings, so `path` encodes and checks each id.
  const tagged: TemplateStringsArray = Object.assign([...strings], { raw: strings });
  return path(tagged, ...values);
}

export interface AccessCall {
  params?: Readonly<Record<string, string>>;
  query?: QueryParams;
  body?: unknown;
  /** GETs only: share a /batch call with other reads of the same moment (refresh). */
  coalesce?: boolean;
}

/**
 * Sends one operation of the table and parses the answer with the row's schema. Nothing is sent once
 * the server has said it does not speak the protocol. An answer like "no such endpoint" (404, 405, …, or
 * another shape) asks the probe, once per client, whether the whole protocol is missing: then the call
 * fails with the probe's message (never a NotFoundError that would read as "gone"); else the answer
 * stands (a genuine 404).
 */
export async function callAccess<K extends AccessOperationName>(
  c: PassworkClient,
  name: K,
  call: AccessCall = {},
): Promise<AccessResponse<K>> {
  await refuseIfSilent(c);
  try {
    return await send(c, name, call);
  } catch (err) {
    if (notSpoken(err) === undefined) throw err;
    await accessProtocolReady(c);
    throw err;
  }
}

function send<K extends AccessOperationName>(
  c: PassworkClient,
  name: K,
  call: AccessCall,
): Promise<AccessResponse<K>> {
  const row = ACCESS_PROTOCOL[name];
  const target = accessPath(name, call.params);
  const schema: z.ZodType = row.response;
  // The answer is parsed with the row's own schema; TypeScript cannot follow `K` through the table.
  if (row.method === "GET" && call.coalesce && call.query === undefined)
    return coalescedGet(c, target, schema) as Promise<AccessResponse<K>>;
  return c.request({
    method: row.method,
    path: target,
    schema,
    ...(call.query !== undefined ? { query: call.query } : {}),
    ...(row.method === "POST" ? { body: call.body ?? {} } : {}),
  }) as Promise<AccessResponse<K>>;
}

/**
 * `speaks`: the probe was answered (403 too: the endpoint exists, the identity may not list groups);
 * `silent`: the server said it has no such endpoint; `unsure`: the probe failed for another reason
 * (connection, 5xx after retries, 401) — not a verdict, not remembered.
 */
type Verdict =
  | { kind: "speaks" }
  | { kind: "silent"; error: AccessProtocolUnavailableError }
  | { kind: "unsure"; error: unknown };

/** One probe: the cheap read it sends and the message of a "no such endpoint" verdict. */
interface ProbeSpec {
  cacheKey: string;
  probe: { operation: AccessOperationName; query: Readonly<Record<string, string>> };
  message(answered: string): string;
}

const ACCESS: ProbeSpec = {
  cacheKey: "accessProbe",
  probe: ACCESS_PROBE,
  message: (answered) => unavailableMessage(answered),
};
const PROBE_KEY = ACCESS.cacheKey;

const CONNECTION_REQUESTS: ProbeSpec = {
  cacheKey: "connectionRequestsProbe",
  probe: CONNECTION_REQUESTS_PROBE,
  message: (answered) =>
    `this Passwork server does not answer the requests-for-connection endpoint the provider would use to ` +
    `approve, under client-side encryption, the requests its group changes cause: the probe ` +
    `${probeDescription(CONNECTION_REQUESTS_PROBE)} got ${answered}. That endpoint is our assumption ` +
    `(protocol/access-protocol.ts; see ${ACCESS_PROTOCOL_DOC}). Set passwork:connectionRequests to leave ` +
    `to approve the requests in Passwork yourself, or change the row.`,
};

/**
 * Probes once per client: resolves when the server speaks the access protocol, throws the probe's
 * AccessProtocolUnavailableError when it does not. A probe that could not decide (`unsure`) is not
 * remembered; `strict` (the check at preview) throws its error, else the caller goes on.
 */
export function accessProtocolReady(c: PassworkClient, options: { strict?: boolean } = {}): Promise<void> {
  return ready(c, ACCESS, options);
}

/**
 * The same for the requests-for-connection rows: asked at preview by resources whose change the
 * provider would follow with approvals, so a server without them fails the preview, not the `up`.
 */
export function connectionRequestsReady(c: PassworkClient): Promise<void> {
  return ready(c, CONNECTION_REQUESTS, {});
}

async function ready(c: PassworkClient, spec: ProbeSpec, options: { strict?: boolean }): Promise<void> {
  let pending = c.cache.get(spec.cacheKey) as Promise<Verdict> | undefined;
  if (pending === undefined) {
    pending = probe(c, spec);
    c.cache.set(spec.cacheKey, pending);
    void pending.then((v) => {
      if (v.kind === "unsure") c.cache.delete(spec.cacheKey);
    });
  }
  const verdict = await pending;
  if (verdict.kind === "silent") throw verdict.error;
  if (verdict.kind === "unsure" && options.strict) throw verdict.error;
}

/** Throws the probe's error when the probe has already found the protocol missing; never sends anything. */
async function refuseIfSilent(c: PassworkClient): Promise<void> {
  const pending = c.cache.get(PROBE_KEY) as Promise<Verdict> | undefined;
  if (pending === undefined) return;
  const verdict = await pending;
  if (verdict.kind === "silent") throw verdict.error;
}

/** What a probe sends, for messages and docs: `GET /api/v1/user-groups?name=…`. */
export function probeDescription(
  p: { operation: AccessOperationName; query: Readonly<Record<string, string>> } = ACCESS_PROBE,
): string {
  const row = ACCESS_PROTOCOL[p.operation];
  const query = new URLSearchParams(p.query).toString();
  return `${row.method} ${API_PREFIX}${row.path}?${query}`;
}

async function probe(c: PassworkClient, spec: ProbeSpec): Promise<Verdict> {
  try {
    await send(c, spec.probe.operation, { query: spec.probe.query });
    return { kind: "speaks" };
  } catch (err) {
    if (err instanceof PassworkApiError && err.status === 403) return { kind: "speaks" };
    const answered = notSpoken(err);
    if (answered === undefined) return { kind: "unsure", error: err };
    const error = new AccessProtocolUnavailableError(spec.message(answered), { cause: err });
    return { kind: "silent", error };
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
