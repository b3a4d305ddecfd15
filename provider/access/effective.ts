/**
 * Effective access of one principal on one directory: the walk of
 * `shared/reference/passwork-access-api.md` ("Effective access"), with the reason.
 *
 * For a user U and directory D, walking from D up to the vault:
 *  1. the first directory where U has a direct grant decides;
 *  2. otherwise the first directory where any of U's groups has a grant decides, with the highest of
 *     those group grants (forbidden < read < edit < full < admin; so a forbidden group grant decides
 *     only when it is the only group grant there);
 *  3. nothing found: no access.
 * A group on its own (a report row for the group) gets the nearest grant to that group.
 * Before the walk: a vault-type administrator (Passwork adds them to every vault of the type and they
 * cannot be removed or demoted) is an administrator everywhere in the vault.
 *
 * Membership is reported apart from the level (`membershipOf`), as Passwork shows it: a principal is
 * connected to a vault directly (any direct grant in it) and/or through groups; where a direct member has
 * no direct grant on the walk, the groups' level applies ("Reset access" in the product).
 */
import { levelRank, type EffectiveLevel } from "./levels";
import type { DirectGrant, DirectoryTree } from "./model";

export type AccessReason =
  | { kind: "vaultTypeAdministrator" }
  | {
      kind: "direct" | "group";
      /** The grant that decides. */
      grant: DirectGrant;
      /** True when the deciding grant sits on an ancestor of the directory asked about. */
      inherited: boolean;
      /** Group decisions: every group grant of the principal's groups on that directory. */
      competing: DirectGrant[];
    }
  | { kind: "none" };

export interface EffectiveAccess {
  level: EffectiveLevel;
  reason: AccessReason;
}

/** Direct grants indexed by directory id, built once per tree. */
export class GrantIndex {
  private readonly byDirectory = new Map<string, DirectGrant[]>();

  constructor(grants: Iterable<DirectGrant>) {
    for (const g of grants) {
      const list = this.byDirectory.get(g.directoryId) ?? [];
      list.push(g);
      this.byDirectory.set(g.directoryId, list);
    }
  }

  on(directoryId: string): readonly DirectGrant[] {
    return this.byDirectory.get(directoryId) ?? [];
  }
}

export interface Subject {
  type: "user" | "group";
  id: string;
  /** A user's groups; ignored for groups. */
  groupIds: readonly string[];
  /** An administrator of the vault's type: admin on every directory, whatever the grants say. */
  vaultTypeAdministrator?: boolean;
}

export function effectiveAccess(
  tree: DirectoryTree,
  grants: GrantIndex,
  subject: Subject,
  directoryId: string,
): EffectiveAccess {
  const walk = tree.walkUp(directoryId);
  if (subject.type === "user" && subject.vaultTypeAdministrator)
    return { level: "admin", reason: { kind: "vaultTypeAdministrator" } };
  // Rule 2: the nearest direct grant anywhere on the walk beats every group grant, even a nearer one.
  for (const dir of walk) {
    const own = grants
      .on(dir.id)
      .find((g) => g.principalType === subject.type && g.principalId === subject.id);
    if (own) {
      return {
        level: own.level,
        reason: { kind: "direct", grant: own, inherited: dir.id !== directoryId, competing: [] },
      };
    }
  }
  // Rule 3: the nearest directory with any grant to one of the user's groups; the highest one there.
  const groups = new Set(subject.type === "user" ? subject.groupIds : []);
  for (const dir of walk) {
    const groupGrants = grants
      .on(dir.id)
      .filter((g) => g.principalType === "group" && groups.has(g.principalId));
    const best = highest(groupGrants);
    if (best) {
      return {
        level: best.level,
        reason: { kind: "group", grant: best, inherited: dir.id !== directoryId, competing: groupGrants },
      };
    }
  }
  return { level: "none", reason: { kind: "none" } };
}

function highest(grants: readonly DirectGrant[]): DirectGrant | undefined {
  let best: DirectGrant | undefined;
  for (const g of grants) if (!best || levelRank(g.level) > levelRank(best.level)) best = g;
  return best;
}

/** How a principal is connected to the vault of a report, apart from any level. */
export interface Membership {
  /** Added by Passwork to every vault of the type; cannot be removed or demoted. */
  vaultTypeAdministrator: boolean;
  /** Connected directly: the principal has a direct grant somewhere in the vault. */
  direct: boolean;
  /** Connected through these groups (a user's groups that hold a grant in the vault), sorted. */
  groupIds: string[];
}

/** `grants`: every direct grant in the vault (or the reported part of it). */
export function membershipOf(grants: readonly DirectGrant[], subject: Subject): Membership {
  const mine = new Set(subject.type === "user" ? subject.groupIds : []);
  const direct = grants.some((g) => g.principalType === subject.type && g.principalId === subject.id);
  const groupIds = [
    ...new Set(
      grants.filter((g) => g.principalType === "group" && mine.has(g.principalId)).map((g) => g.principalId),
    ),
  ].sort();
  return { vaultTypeAdministrator: subject.vaultTypeAdministrator === true, direct, groupIds };
}
