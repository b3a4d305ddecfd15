/**
 * The check step every resource starts with: drop what is not a program input, parse with the zod
 * schema, and turn zod's issues into per-property failures (`property X value {...} has a problem: ...`
 * at preview). A value that is, or sits under, the unknown sentinel is not judged: during preview it
 * is checked again once it is known.
 */
import type { z } from "zod";
import { isUnknown } from "./common";

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckOptions {
  /** Output-only keys the sdk class declares (so they are outputs): never program inputs. */
  outputs?: readonly string[];
  /** Keys whose empty or blank string means "absent" (removed before parsing). */
  blankIsAbsent?: readonly string[];
}

/**
 * The program's values without `__provider` (and `outputs`), and their problems against `schema`.
 * Resources canonicalize `raw` afterwards (trim, sets, defaults) into check's inputs.
 */
export function checkInputs(
  schema: z.ZodType,
  news: Record<string, unknown>,
  options: CheckOptions = {},
): { raw: Record<string, unknown>; failures: CheckFailure[] } {
  const { __provider: _p, ...raw } = news;
  for (const key of options.outputs ?? []) delete raw[key];
  for (const key of options.blankIsAbsent ?? []) {
    const value = raw[key];
    if (typeof value === "string" && value.trim() === "") delete raw[key];
  }
  const parsed = schema.safeParse(raw);
  return { raw, failures: parsed.success ? [] : failuresFrom(parsed.error, raw) };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** zod issues → check failures, dropping any issue about a value that is (or sits under) the unknown sentinel. */
function failuresFrom(error: z.ZodError, raw: unknown): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const issue of error.issues) {
    const path = issue.path;
    let unknownHere = false;
    for (let i = path.length; i >= 0 && !unknownHere; i--)
      unknownHere = isUnknown(valueAt(raw, path.slice(0, i)));
    if (unknownHere) continue;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({
          property: [...path, key].join("."),
          reason: `is not a known argument; remove it (check its spelling)`,
        });
      }
      continue;
    }
    out.push({ property: path.length ? path.join(".") : "(arguments)", reason: issue.message });
  }
  return out;
}
