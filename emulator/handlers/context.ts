/** What a handler receives, and the helpers every handler uses to parse input into typed params. */
import type { IncomingHttpHeaders } from "node:http";
import type { z } from "zod";
import type { Store, UserRec } from "../store";
import { validationError } from "../store/errors";
import type { Reply } from "../respond";
import type { ControlState } from "../control-state";

export type Query = Record<string, string | string[]>;

export interface HandlerContext {
  store: Store;
  control: ControlState;
  method: string;
  path: string;
  params: Record<string, string>;
  query: Query;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** The authenticated caller (routes with auth); null on control/unauthenticated routes. */
  actor: UserRec | null;
  /** Runs a GET sub-request as the same caller (batch). */
  dispatchGet: (relativeUrl: string, actor: UserRec) => Promise<Reply>;
}

export type Handler = (c: HandlerContext) => Reply | Promise<Reply>;

export const ok = (body: unknown): Reply => ({ status: 200, body });

export function actorOf(c: HandlerContext): UserRec {
  if (!c.actor) throw new Error("route is missing auth: true");
  return c.actor;
}

/** zod parse; the first issue becomes a 400 validationError whose `field` is the issue path. */
export function parse<T extends z.ZodType>(schema: T, value: unknown, prefix = ""): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue ? issue.path.map(String).join(".") : "";
  let field = prefix + path || "body";
  let message = issue?.message ?? "invalid";
  if (issue?.code === "unrecognized_keys") {
    const keys = (issue as { keys?: string[] }).keys ?? [];
    field = prefix + (path ? `${path}.` : "") + (keys[0] ?? "");
    message = `unknown field; remove it (allowed fields are documented in protocol/)`;
  }
  throw validationError(field, message);
}

export function bearer(headers: IncomingHttpHeaders): string | null {
  const h = headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  return m ? (m[1] as string).trim() : null;
}

export const one = (q: Query, key: string): string | undefined => {
  const v = q[key];
  return Array.isArray(v) ? v[0] : v;
};
