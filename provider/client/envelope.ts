/**
 * Response bodies: Passwork wraps JSON in `{"format":"base64","content":"<base64 JSON>"}` unless
 * asked for raw JSON; error bodies too. Anything that is not JSON (a proxy's HTML page) becomes an
 * `invalid` result described by content type and size only, never by its text.
 */
import { EnvelopeSchema } from "../../protocol/common";

export type DecodedBody =
  { kind: "json"; value: unknown } | { kind: "empty" } | { kind: "invalid"; reason: string };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function decodeBody(text: string, contentType: string | undefined): DecodedBody {
  if (text.trim() === "") return { kind: "empty" };
  const outer = parseJson(text);
  if (!outer.ok) {
    return {
      kind: "invalid",
      reason: `response body is not JSON (content-type ${contentType ?? "unknown"}, ${Buffer.byteLength(text)} bytes)`,
    };
  }
  const envelope = EnvelopeSchema.safeParse(outer.value);
  if (!envelope.success) return { kind: "json", value: outer.value };
  const inner = parseJson(Buffer.from(envelope.data.content, "base64").toString("utf8"));
  if (!inner.ok) return { kind: "invalid", reason: "base64 response envelope does not contain JSON" };
  return { kind: "json", value: inner.value };
}

/** Batch sub-responses carry already-parsed bodies; unwrap an envelope if one is there. */
export function unwrapEnvelope(value: unknown): DecodedBody {
  const envelope = EnvelopeSchema.safeParse(value);
  if (!envelope.success)
    return value === undefined || value === null || value === ""
      ? { kind: "empty" }
      : { kind: "json", value };
  return decodeBody(Buffer.from(envelope.data.content, "base64").toString("utf8"), "application/json");
}
