/**
 * What a policy sees of a resource: its properties as plain JSON, secrets already unwrapped by
 * @pulumi/policy (so a message must never print a value that may be secret: passwords, custom-field
 * values). During a preview, values that depend on resources not created yet are unknown; reading
 * one through @pulumi/policy's proxy throws, which would turn the whole policy into an advisory
 * "can't run during preview" note. `plainProps` copies the properties once and puts `UNKNOWN` where
 * a value is not known yet, so each rule can skip exactly the check that needs it.
 */
import { UnknownValueError } from "@pulumi/policy";

export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Value = typeof UNKNOWN | null | boolean | number | string | Value[] | { [key: string]: Value };
export type Props = { [key: string]: Value };

function read(source: any, key: string | number): Value {
  try {
    return copy(source[key]);
  } catch (err) {
    if (err instanceof UnknownValueError) return UNKNOWN;
    throw err;
  }
}

function copy(value: any): Value {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object") return value as Value;
  if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => read(value, i));
  const out: { [key: string]: Value } = {};
  for (const key of Object.keys(value)) if (key !== "__provider") out[key] = read(value, key);
  return out;
}

/** The properties without `__provider` (the serialized provider code, never a rule's business). */
export function plainProps(props: Record<string, any>): Props {
  const out: Props = {};
  for (const key of Object.keys(props)) if (key !== "__provider") out[key] = read(props, key);
  return out;
}

export const isKnown = (v: Value | undefined): v is Exclude<Value, typeof UNKNOWN> => v !== UNKNOWN;

/** A known string, `UNKNOWN`, or undefined (absent, null or another type). */
export function str(v: Value | undefined): string | typeof UNKNOWN | undefined {
  if (v === UNKNOWN) return UNKNOWN;
  return typeof v === "string" ? v : undefined;
}

/** The known strings of a list (tags); `UNKNOWN` when the list itself or any element is unknown. */
export function strings(v: Value | undefined): string[] | typeof UNKNOWN {
  if (v === UNKNOWN) return UNKNOWN;
  if (!Array.isArray(v)) return [];
  if (v.some((e) => e === UNKNOWN)) return UNKNOWN;
  return v.filter((e): e is string => typeof e === "string");
}

export function object(v: Value | undefined): { [key: string]: Value } | typeof UNKNOWN | undefined {
  if (v === UNKNOWN) return UNKNOWN;
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}
