/**
 * Helpers shared by the resource providers: the preview unknown sentinel, string canonicalization,
 * plain-JSON outputs and per-property diffs. (Check failures: check.ts; error outcomes: outcome.ts.)
 */

/** The value the engine sends during preview for an input that depends on an unknown output. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
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
  olds: object,
  news: Record<string, unknown>,
  keys: readonly string[],
  replaceKeys: readonly string[],
): { changed: string[]; replaces: string[] } {
  const before: Record<string, unknown> = { ...olds };
  const changed = keys.filter((k) => isUnknown(news[k]) || !sameJson(before[k], news[k]));
  return { changed, replaces: changed.filter((k) => replaceKeys.includes(k)) };
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
