/**
 * Access levels and what each allows, as fixed by `shared/reference/passwork-access-api.md`.
 * Pure: no I/O. The order decides "highest of" between group grants.
 */
import type { AccessLevel, GrantLevel } from "../../protocol/vaults";

export type { AccessLevel, GrantLevel };

export const ACCESS_LEVELS: readonly AccessLevel[] = ["forbidden", "read", "edit", "full", "admin"];

export function isAccessLevel(value: unknown): value is AccessLevel {
  return typeof value === "string" && (ACCESS_LEVELS as readonly string[]).includes(value);
}

/**
 * What a direct grant can hold: a level, or `connect` — Passwork's "Connect without access" (users only):
 * a direct member with no level of its own there. `connect` has no rank; the walk goes past it.
 */
export const GRANT_LEVELS: readonly GrantLevel[] = [...ACCESS_LEVELS, "connect"];

export function isGrantLevel(value: unknown): value is GrantLevel {
  return typeof value === "string" && (GRANT_LEVELS as readonly string[]).includes(value);
}

/** The level a grant holds of its own: `none` for `connect`. */
export function ownLevel(level: GrantLevel | EffectiveLevel): EffectiveLevel {
  return level === "connect" ? "none" : level;
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

/** Passwork's name for a user connected to a vault or folder with no level of their own there. */
export const CONNECT_NAME = "Connect without access";

/** A grant's value as Passwork names it. */
export function grantLevelName(level: GrantLevel): string {
  return level === "connect" ? CONNECT_NAME : LEVEL_NAMES[level];
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

/**
 * True when `level` is at least the level `operation` needs; `forbidden`, `none` and `connect` (no level
 * of its own) allow nothing.
 */
export function allows(
  level: EffectiveLevel | GrantLevel,
  operation: Operation,
  kind: "vault" | "folder" = "folder",
): boolean {
  const own = ownLevel(level);
  if (own === "none" || own === "forbidden") return false;
  return levelRank(own) >= levelRank(leastLevelFor(operation, kind));
}

/** True when `to` allows less than `from` (`none`, `forbidden` and `connect` all allow nothing). */
export function isDowngrade(from: EffectiveLevel | GrantLevel, to: EffectiveLevel | GrantLevel): boolean {
  return power(to) < power(from);
}

/** Allowing power: none, forbidden and connect allow nothing. */
function power(level: EffectiveLevel | GrantLevel): number {
  const own = ownLevel(level);
  return own === "none" ? 0 : levelRank(own);
}
