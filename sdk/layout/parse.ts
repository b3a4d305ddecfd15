/**
 * Validates a raw declaration (TypeScript value or parsed YAML/JSON) against `LayoutSpec` and turns
 * zod issues into `layout <path>: <problem> — <what to do>` lines, where the path is the tree path
 * (`production/databases/mysql-primary`) rather than zod's `environments.production.categories...`.
 */
import { z } from "zod";
import { LayoutError, problemLine } from "./errors";
import { LayoutSpec } from "./spec";

/** Keys whose children are named branches (their keys are folder names). */
const BRANCH_MAPS = new Set(["environments", "categories", "folders"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Splits a zod issue path into the tree path and the field inside the node it points at. */
export function locate(raw: unknown, issuePath: readonly PropertyKey[]): { path: string; field: string } {
  const segments: string[] = [];
  const field: string[] = [];
  let node: unknown = raw;
  let i = 0;
  while (i < issuePath.length) {
    const key = issuePath[i];
    const next = issuePath[i + 1];
    if (field.length === 0 && typeof key === "string" && BRANCH_MAPS.has(key) && next !== undefined) {
      segments.push(String(next));
      node = isObject(node)
        ? isObject(node[key])
          ? (node[key] as Record<string, unknown>)[String(next)]
          : undefined
        : undefined;
      // A category given as a bare list is a folder whose records are that list.
      if (Array.isArray(node)) node = { records: node };
      i += 2;
      continue;
    }
    if (field.length === 0 && key === "records" && typeof next === "number") {
      const list = isObject(node) ? node.records : undefined;
      const record = Array.isArray(list) ? list[next] : undefined;
      const name =
        isObject(record) && typeof record.name === "string" && record.name !== ""
          ? record.name
          : `records[${next}]`;
      segments.push(name);
      node = record;
      i += 2;
      continue;
    }
    field.push(typeof key === "number" ? `[${key}]` : String(key));
    i += 1;
  }
  return { path: segments.join("/"), field: field.join(".").replace(/\.\[/g, "[") };
}

function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return "remove it or fix its spelling (see docs/layout.md for the fields)";
    case "invalid_type":
      return `write ${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected} there`;
    case "invalid_value":
      return `use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
    case "too_big":
      return "change the value to fit the limit";
    default:
      return "fix the declaration (see docs/layout.md)";
  }
}

function describe(issue: z.core.$ZodIssue, field: string): string {
  if (issue.code === "unrecognized_keys") {
    const where = field === "" ? "" : ` in ${field}`;
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}${where}`;
  }
  // zod's own messages start lower-case ("Invalid input: expected string, received number").
  const message = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  return field === "" ? message : `${field} ${message}`;
}

/** Parses and validates the shape; throws LayoutError listing every shape problem. */
export function parseLayoutSpec(raw: unknown): LayoutSpec {
  const result = LayoutSpec.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const { path, field } = locate(raw, issue.path);
    return problemLine(path, describe(issue, field), fixFor(issue));
  });
  throw new LayoutError([...new Set(lines)]);
}
