/**
 * Helpers shared by the resource providers: the preview unknown sentinel, zod issues → check
 * failures, string canonicalization, per-property diffs and the "created but failed" error.
 */
import type { z } from "zod";

/** The value the engine sends during preview for an input that depends on an unknown output. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  property: string;
  reason: string;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/**
 * zod issues → check failures, dropping any issue about a value that is (or sits under) the unknown
 * sentinel: during preview such a value is checked again once it is known.
 */
export function failuresFrom(error: z.ZodError, raw: unknown): CheckFailure[] {
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

/** Trimmed string, or undefined when empty/absent ("empty = absent"). The sentinel passes through. */
export function cleanString(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  if (value === UNKNOWN) return value;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** A human label for a control character, e.g. U+0007. */
export function controlCharacterIn(value: string): string | undefined {
  const m = /[\u0000-\u001f\u007f]/.exec(value);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : undefined;
}

/** Plain JSON deep equality (outputs and inputs are plain JSON). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) o[k] = normalize(x);
    }
    return o;
  }
  return v;
}

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Compares the given keys of old outputs and new checked inputs. `__provider` is never compared:
 * a different serialized shim alone is no change.
 */
export function diffKeys(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  keys: readonly string[],
  replaceKeys: readonly string[],
): { changed: string[]; replaces: string[] } {
  const changed = keys.filter((k) => isUnknown(news[k]) || !sameJson(olds[k], news[k]));
  return { changed, replaces: changed.filter((k) => replaceKeys.includes(k)) };
}

/**
 * Thrown by create when some steps succeeded: the engine records the resource (id + properties)
 * as created-but-failed instead of forgetting it.
 */
export class PartialCreateError extends Error {
  constructor(
    message: string,
    public readonly id: string,
    public readonly properties: Record<string, unknown>,
    public readonly reasons: string[] = [message],
  ) {
    super(message);
    this.name = "PartialCreateError";
  }
}

/** Removes undefined members so outputs are plain JSON (Struct.fromJavaScript rejects undefined). */
export function plain<T extends Record<string, unknown>>(o: T): Plain<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Plain<T>;
}

/** `T` with every member that may be undefined made optional instead (exactOptionalPropertyTypes). */
export type Plain<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** The error message of anything thrown, never its body or request. */
export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
