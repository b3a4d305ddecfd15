/**
 * Access levels and what each allows, as fixed by `shared/reference/passwork-access-api.md`.
 * Pure: no I/O. The order decides "highest of" between group grants.
 */
import type { AccessLevel } from "../../protocol/vaults";

export type { AccessLevel };

export const ACCESS_LEVELS: readonly AccessLevel[] = ["forbidden", "read", "edit", "full", "admin"];

export function isAccessLevel(value: unknown): value is AccessLevel {
  return typeof value === "string" && (ACCESS_LEVELS as readonly string[]).includes(value);
}

/** forbidden = 0 … admin = 4. */
export function levelRank(level: AccessLevel): number {
  return ACCESS_LEVELS.indexOf(level);
}

/** The effective level of a principal on a directory; `none` = no grant anywhere on the walk. */
export type EffectiveLevel = AccessLevel | "none";

/**
 * Each level as Passwork's interface names it (user guide "Access rights"). Programs and the wire use
 * the codes; reviews show these. `none` is no level anywhere on the walk.
 */
export const LEVEL_NAMES: Readonly<Record<EffectiveLevel, string>> = {
  none: "No access",
  forbidden: "Forbidden",
  read: "Read only",
  edit: "Read and edit",
  full: "Full access",
  admin: "Administrator",
};

export function levelName(level: EffectiveLevel): string {
  return LEVEL_NAMES[level];
}

/** Operations the acceptance tests try, and the least level each needs. */
export type Operation = "read" | "create" | "rename" | "grant";
const LEAST_LEVEL: Record<Operation, AccessLevel> = {
  read: "read", // see the directory, list and read records
  create: "edit", // create records and folders
  rename: "edit", // edit folders ("Read and edit: + create, edit, delete records and folders")
  grant: "admin", // manage access
};

/**
 * The least level `operation` needs on a directory of `kind`. Renaming a *vault* needs admin: the
 * contract lists vault changes with vault deletion (admin), and the emulator enforces exactly that.
 */
export function leastLevelFor(operation: Operation, kind: "vault" | "folder" = "folder"): AccessLevel {
  if (operation === "rename" && kind === "vault") return "admin";
  return LEAST_LEVEL[operation];
}

/** True when `level` is at least the level `operation` needs; `forbidden` and `none` allow nothing. */
export function allows(
  level: EffectiveLevel,
  operation: Operation,
  kind: "vault" | "folder" = "folder",
): boolean {
  if (level === "none" || level === "forbidden") return false;
  return levelRank(level) >= levelRank(leastLevelFor(operation, kind));
}

/** True when `to` allows less than `from` (`none` and `forbidden` both allow nothing). */
export function isDowngrade(from: EffectiveLevel, to: EffectiveLevel): boolean {
  return power(to) < power(from);
}

/** Allowing power: none and forbidden both allow nothing. */
function power(level: EffectiveLevel): number {
  return level === "none" ? 0 : levelRank(level);
}
