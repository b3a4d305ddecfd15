/**
 * Planned direct grants of one directory. Pure. What an authoritative AccessPolicy must do to make a
 * directory's direct grants equal the declared set (grants to add, levels to change and undeclared
 * grants to remove), and the grants after one single grant changes (VaultAccess / FolderAccess).
 */
import type { GrantLevel } from "./levels";
import type { DirectGrant, PrincipalType } from "./model";
import { principalKey, type WirePrincipal } from "./principal";

export interface GrantSpec {
  principalType: PrincipalType;
  principalId: string;
  level: GrantLevel;
}

export interface PolicyPlan {
  add: GrantSpec[];
  change: { from: GrantSpec; to: GrantSpec }[];
  remove: GrantSpec[];
  keep: GrantSpec[];
}

export function planPolicy(current: readonly GrantSpec[], declared: readonly GrantSpec[]): PolicyPlan {
  const now = new Map(current.map((g) => [principalKey(g), g]));
  const want = new Map(declared.map((g) => [principalKey(g), g]));
  const plan: PolicyPlan = { add: [], change: [], remove: [], keep: [] };
  for (const [key, g] of want) {
    const had = now.get(key);
    if (!had) plan.add.push(g);
    else if (had.level !== g.level) plan.change.push({ from: had, to: g });
    else plan.keep.push(g);
  }
  for (const [key, g] of now) if (!want.has(key)) plan.remove.push(g);
  const order = (a: GrantSpec, b: GrantSpec): number => principalKey(a).localeCompare(principalKey(b));
  plan.add.sort(order);
  plan.remove.sort(order);
  plan.keep.sort(order);
  plan.change.sort((a, b) => order(a.to, b.to));
  return plan;
}

export function planIsEmpty(plan: PolicyPlan): boolean {
  return plan.add.length === 0 && plan.change.length === 0 && plan.remove.length === 0;
}

/** `group:66…: read` — the readable form used in `willRemove` and messages. */
export function grantLabel(g: GrantSpec, nameOf?: (type: PrincipalType, id: string) => string): string {
  const name = nameOf?.(g.principalType, g.principalId);
  const who =
    name && name !== g.principalId
      ? `${g.principalType} ${name} (${g.principalId})`
      : `${g.principalType}:${g.principalId}`;
  return `${who}: ${g.level}`;
}

/** The directory's grants with one principal set to `level` (or removed when level is undefined). */
export function withGrant(
  here: readonly DirectGrant[],
  directoryId: string,
  p: WirePrincipal,
  level: GrantLevel | undefined,
): DirectGrant[] {
  const others = here.filter(
    (g) => !(g.principalType === p.principalType && g.principalId === p.principalId),
  );
  return level === undefined
    ? others
    : [...others, { directoryId, principalType: p.principalType, principalId: p.principalId, level }];
}
