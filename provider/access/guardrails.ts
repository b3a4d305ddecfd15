/**
 * Refuse access changes that would lock the provider out or leave a vault without an administrator.
 * Pure: the caller supplies the directory walk, the grants around it and the planned grants.
 *
 * - Lockout guard (design.md rule 11): the provider's own identity must keep `admin` on the directory
 *   whose grants change if it has it now (otherwise it could not manage access there any more).
 * - Last administrator: a vault keeps at least one direct `admin` grant to a user (the server answers
 *   409 lastAdministrator; refusing at plan time names the grant and changes nothing).
 * - Vault-type administrators: Passwork adds them to every vault of the type and they cannot be demoted,
 *   so a planned grant below admin to one of them is refused at preview instead of failing (or being
 *   ignored) on the server. `connect` (Connect without access) has no level of its own: it demotes
 *   nobody, and the walk behind the other guards goes past it.
 */
import { effectiveAccess, GrantIndex } from "./effective";
import { describeGrant, type NameOf } from "./explain";
import type { DirectGrant, DirectoryTree } from "./model";

export interface PlannedChange {
  tree: DirectoryTree;
  /** Current direct grants on the directory and its ancestors (others are ignored). */
  current: readonly DirectGrant[];
  /** The directory whose direct grants change. */
  directoryId: string;
  /** The complete set of direct grants on `directoryId` after the change. */
  planned: readonly DirectGrant[];
  nameOf: NameOf;
}

export interface Identity {
  id: string;
  login: string;
  groupIds: readonly string[];
}

export class GuardrailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GuardrailError";
  }
}

/** The planned grants of one directory replace its current ones. */
function after(change: PlannedChange): DirectGrant[] {
  return [...change.current.filter((g) => g.directoryId !== change.directoryId), ...change.planned];
}

/** Message when `self` would lose admin on the changed directory, else undefined. */
export function lockoutViolation(change: PlannedChange, self: Identity): string | undefined {
  const subject = { type: "user" as const, id: self.id, groupIds: self.groupIds };
  const before = effectiveAccess(change.tree, new GrantIndex(change.current), subject, change.directoryId);
  if (
    before.level !== "admin" ||
    before.reason.kind === "none" ||
    before.reason.kind === "vaultTypeAdministrator"
  )
    return undefined;
  const afterAccess = effectiveAccess(
    change.tree,
    new GrantIndex(after(change)),
    subject,
    change.directoryId,
  );
  if (afterAccess.level === "admin") return undefined;
  const dir = change.tree.get(change.directoryId);
  const where = dir ? `${dir.kind} ${change.tree.path(dir.id)}` : `directory ${change.directoryId}`;
  const lost = describeGrant(change.tree, before.reason.grant, change.nameOf);
  const now =
    afterAccess.reason.kind === "none" || afterAccess.reason.kind === "vaultTypeAdministrator"
      ? "no access"
      : `${afterAccess.level} (from ${describeGrant(change.tree, afterAccess.reason.grant, change.nameOf)})`;
  return (
    `refusing the change: the provider's own identity ${self.login} would lose admin on ${where}; ` +
    `the grant that would be lost: ${lost}; it would have ${now} and could no longer manage access there. ` +
    `Keep an admin grant for ${self.login} in the program, or make this change with another identity.`
  );
}

/** Message when the change removes or downgrades the last direct admin grant to a user on a vault. */
export function lastAdministratorViolation(change: PlannedChange): string | undefined {
  const dir = change.tree.get(change.directoryId);
  if (!dir || dir.kind !== "vault") return undefined;
  const isAdminUser = (g: DirectGrant): boolean =>
    g.directoryId === change.directoryId && g.principalType === "user" && g.level === "admin";
  const adminsBefore = change.current.filter(isAdminUser);
  if (adminsBefore.length === 0) return undefined;
  if (after(change).some(isAdminUser)) return undefined;
  const lost = adminsBefore.map((g) => describeGrant(change.tree, g, change.nameOf)).join("; ");
  return (
    `refusing the change: vault ${change.tree.path(dir.id)} would have no administrator left; ` +
    `the grant that would be lost: ${lost}. Keep at least one admin grant to a user on this vault.`
  );
}

/**
 * Messages for planned grants below admin to vault-type administrators (`administrators`: their user id →
 * login, of the vault's type).
 */
export function vaultTypeAdministratorViolations(
  change: PlannedChange,
  administrators: ReadonlyMap<string, string>,
): string[] {
  const dir = change.tree.get(change.directoryId);
  const where = dir ? `${dir.kind} ${change.tree.path(dir.id)}` : `directory ${change.directoryId}`;
  return change.planned
    .filter(
      (g) =>
        g.directoryId === change.directoryId &&
        g.principalType === "user" &&
        g.level !== "admin" &&
        g.level !== "connect" &&
        administrators.has(g.principalId),
    )
    .map(
      (g) =>
        `refusing the change: user ${administrators.get(g.principalId)} (${g.principalId}) is an administrator of ` +
        `this vault's type; Passwork gives them admin on every vault of the type and does not let anyone ` +
        `remove or demote them, so ${g.level} on ${where} cannot be set. Drop this grant (they keep admin), ` +
        `or remove them from the vault type's administrators in Passwork first.`,
    );
}

/** Throws a GuardrailError naming the lost grant when any guard refuses. */
export function enforceGuardrails(
  change: PlannedChange,
  self: Identity | undefined,
  vaultTypeAdministrators: ReadonlyMap<string, string> = new Map(),
): void {
  const problems = [
    self ? lockoutViolation(change, self) : undefined,
    lastAdministratorViolation(change),
    ...vaultTypeAdministratorViolations(change, vaultTypeAdministrators),
  ].filter((m): m is string => m !== undefined);
  if (problems.length) throw new GuardrailError(problems.join("\n"));
}
