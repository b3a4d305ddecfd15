/**
 * The only place where responses get their wire form: Passwork's base64 envelope
 * `{"format":"base64","content":...}` by default, plain JSON with `X-Response-Format: raw`, and
 * `{errors:[{code, field?, message}]}` for every error (enveloped the same way).
 */
import type { ServerResponse } from "node:http";
import { EmulatorError } from "./store/errors";

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function errorReply(err: unknown): Reply {
  if (err instanceof EmulatorError) {
    const entry: { code: string; field?: string; message: string } = { code: err.code, message: err.message };
    if (err.field !== undefined) entry.field = err.field;
    return {
      status: err.status,
      body: { errors: [entry] },
      ...(err.headers ? { headers: err.headers } : {}),
    };
  }
  // Never echo internals (could carry request data); the server logs the stack.
  return { status: 500, body: { errors: [{ code: "internalError", message: "Internal emulator error" }] } };
}

export function wantsRaw(headerValue: string | string[] | undefined): boolean {
  const v = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  return typeof v === "string" && v.toLowerCase() === "raw";
}

export function encodeBody(body: unknown, raw: boolean): string {
  const json = JSON.stringify(body);
  return raw
    ? json
    : JSON.stringify({ format: "base64", content: Buffer.from(json, "utf8").toString("base64") });
}

export function send(
  res: ServerResponse,
  reply: Reply,
  raw: boolean,
  extraHeaders: Record<string, string> = {},
): void {
  const text = encodeBody(reply.body, raw);
  res.writeHead(reply.status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    ...extraHeaders,
    ...(reply.headers ?? {}),
  });
  res.end(text);
}
