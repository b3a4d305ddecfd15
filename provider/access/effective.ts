/**
 * Effective access of one principal on one directory: the walk of
 * `shared/reference/passwork-access-api.md` ("Effective access"), with the reason.
 *
 * For a user U and directory D, walking from D up to the vault:
 *  1. the first directory where U has a direct grant with a level decides; a `connect` grant ("Connect
 *     without access": a direct member with no level of its own there) never decides, the walk goes on;
 *  2. otherwise the first directory where any of U's groups has a grant decides, with the highest of
 *     those group grants (forbidden < read < edit < full < admin; so a forbidden group grant decides
 *     only when it is the only group grant there);
 *  3. nothing found: no access.
 * A group on its own (a report row for the group) gets the nearest grant to that group.
 * Before the walk: a vault-type administrator (Passwork adds them to every vault of the type and they
 * cannot be removed or demoted) is an administrator everywhere in the vault.
 *
 * Membership is reported apart from the level (`membershipOf`), as Passwork shows it: a principal is
 * connected to a vault directly (any direct grant in it, `connect` included) and/or through groups; where
 * a direct member has no direct level on the walk, the groups' level applies ("Reset access" in the
 * product).
 */
import { levelRank, type EffectiveLevel } from "./levels";
import { hasOwnLevel, type DirectGrant, type DirectoryTree, type LevelGrant } from "./model";

export type AccessReason =
  | { kind: "vaultTypeAdministrator" }
  | {
      kind: "direct" | "group";
      /** The grant that decides. */
      grant: LevelGrant;
      /** True when the deciding grant sits on an ancestor of the directory asked about. */
      inherited: boolean;
      /** Group decisions: every group grant of the principal's groups on that directory. */
      competing: LevelGrant[];
    }
  | { kind: "none" };

export interface EffectiveAccess {
  level: EffectiveLevel;
  reason: AccessReason;
  /**
   * The nearest `connect` grant of the principal the walk went past (it is connected without access
   * there; the level came from further up or from its groups). Absent when there is none.
   */
  connected?: DirectGrant;
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
  // Rule 2: the nearest direct level anywhere on the walk beats every group grant, even a nearer one.
  // A `connect` grant is membership only: remember the nearest, and walk on.
  let connected: DirectGrant | undefined;
  const withConnected = (e: EffectiveAccess): EffectiveAccess => (connected ? { ...e, connected } : e);
  for (const dir of walk) {
    const own = grants
      .on(dir.id)
      .find((g) => g.principalType === subject.type && g.principalId === subject.id);
    if (own && !hasOwnLevel(own)) connected ??= own;
    else if (own) {
      return withConnected({
        level: own.level,
        reason: { kind: "direct", grant: own, inherited: dir.id !== directoryId, competing: [] },
      });
    }
  }
  // Rule 3: the nearest directory with any grant to one of the user's groups; the highest one there.
  const groups = new Set(subject.type === "user" ? subject.groupIds : []);
  for (const dir of walk) {
    const groupGrants = grants
      .on(dir.id)
      .filter((g) => g.principalType === "group" && groups.has(g.principalId))
      .filter(hasOwnLevel);
    const best = highest(groupGrants);
    if (best) {
      return withConnected({
        level: best.level,
        reason: { kind: "group", grant: best, inherited: dir.id !== directoryId, competing: groupGrants },
      });
    }
  }
  return withConnected({ level: "none", reason: { kind: "none" } });
}

function highest(grants: readonly LevelGrant[]): LevelGrant | undefined {
  let best: LevelGrant | undefined;
  for (const g of grants) if (!best || levelRank(g.level) > levelRank(best.level)) best = g;
  return best;
}

/** How a principal is connected to the vault of a report, apart from any level. */
export interface Membership {
  /** Added by Passwork to every vault of the type; cannot be removed or demoted. */
  vaultTypeAdministrator: boolean;
  /** Connected directly: the principal has a direct grant somewhere in the vault (`connect` included). */
  direct: boolean;
  /** Connected through these groups (a user's groups that hold a grant in the vault), sorted. */
  groupIds: string[];
  /**
   * Where the principal is connected without access (its `connect` grants): directory paths, or ids when
   * no `pathOf` was given; sorted. Absent when there is none.
   */
  connectedWithoutAccess?: string[];
}

/** `grants`: every direct grant in the vault (or the reported part of it). */
export function membershipOf(
  grants: readonly DirectGrant[],
  subject: Subject,
  pathOf: (directoryId: string) => string = (id) => id,
): Membership {
  const mine = new Set(subject.type === "user" ? subject.groupIds : []);
  const own = grants.filter((g) => g.principalType === subject.type && g.principalId === subject.id);
  const groupIds = [
    ...new Set(
      grants.filter((g) => g.principalType === "group" && mine.has(g.principalId)).map((g) => g.principalId),
    ),
  ].sort();
  const membership: Membership = {
    vaultTypeAdministrator: subject.vaultTypeAdministrator === true,
    direct: own.length > 0,
    groupIds,
  };
  const connect = own.filter((g) => !hasOwnLevel(g)).map((g) => pathOf(g.directoryId));
  if (connect.length) membership.connectedWithoutAccess = [...new Set(connect)].sort();
  return membership;
}
