/**
 * `valueFrom` / `passwordFrom`: a secret given by reference, resolved in the provider process at
 * create/update (and compared at refresh), so the value itself is never a Pulumi input and never
 * enters the state. Forms:
 * - `{ env: "NAME" }`: the provider process's environment variable NAME (the CLI passes its own
 *   environment to the plugin, so `export NAME=...` before `pulumi up` is enough);
 * - `{ file: "./secrets/tls.key" }`: a file's content, relative to the program's directory (the provider
 *   process's cwd); one trailing newline is dropped (editors and `echo` add one);
 * - `{ keep: true }`: the value already on the server (for adoption and `export`): never written by
 *   the program, never drift.
 * Errors name the field and the reference, never a value.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";

export type ValueRef = { env: string } | { file: string } | { keep: true };

export const ValueRefSchema = z.union(
  [
    z.strictObject({
      env: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name such as MYSQL_ROOT_PASS"),
    }),
    z.strictObject({ file: z.string().min(1, "must be a file path such as ./secrets/tls.key") }),
    z.strictObject({ keep: z.literal(true) }),
  ],
  {
    error:
      'must be { env: "NAME" } (an environment variable of the provider process), { file: "./path" } (relative to the program directory) or { keep: true } (the value on the server)',
  },
);

export function describeRef(ref: ValueRef): string {
  if ("env" in ref) return `environment variable ${ref.env}`;
  if ("file" in ref) return `file ${ref.file}`;
  return "the value on the server";
}

export const isKeep = (ref: ValueRef | undefined): ref is { keep: true } =>
  ref !== undefined && "keep" in ref;

/**
 * Why `ref` cannot be resolved here, or undefined when it can. check() uses it to fail at preview,
 * before anything is written; `where` names the property (e.g. `customFields.DB_PASS.valueFrom`).
 */
export function refProblem(ref: ValueRef): string | undefined {
  if ("env" in ref) {
    const v = process.env[ref.env];
    return v === undefined || v === ""
      ? `names the environment variable ${ref.env}, which is not set (or empty) in the provider process; export it before running pulumi`
      : undefined;
  }
  if ("file" in ref) {
    try {
      fs.accessSync(path.resolve(ref.file), fs.constants.R_OK);
      return undefined;
    } catch {
      return `names the file ${ref.file}, which cannot be read from ${process.cwd()}; give a path relative to the program directory`;
    }
  }
  return undefined;
}

/** The value behind an env/file reference; throws a message naming `property` (never the value). */
export function resolveRef(ref: { env: string } | { file: string }, property: string): string {
  const problem = refProblem(ref);
  if (problem) throw new Error(`${property} ${problem}`);
  if ("env" in ref) return process.env[ref.env]!;
  return fs.readFileSync(path.resolve(ref.file), "utf8").replace(/\r?\n$/, "");
}

/** Like resolveRef, but undefined when it cannot be resolved in this process (refresh on another machine). */
export function tryResolveRef(ref: ValueRef): string | undefined {
  if (isKeep(ref) || refProblem(ref) !== undefined) return undefined;
  return resolveRef(ref, "");
}
