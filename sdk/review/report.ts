/**
 * Effective-access report for a vault or a subtree: rows principal × directory → level + reason,
 * rendered as JSON rows (stack output), a Markdown table for pull-request review, and an SVG matrix.
 * Pure: the caller supplies the tree, the direct grants and the principals.
 */
import { effectiveAccess, GrantIndex } from "../../provider/access/effective";
import { explain } from "../../provider/access/explain";
import type { EffectiveLevel } from "../../provider/access/levels";
import type {
  DirectGrant,
  DirectoryTree,
  PrincipalInfo,
  PrincipalKind,
  PrincipalType,
} from "../../provider/access/model";

export interface AccessRow {
  principalType: PrincipalType;
  principalId: string;
  principalKind: PrincipalKind;
  principalName: string;
  directoryId: string;
  directoryPath: string;
  level: EffectiveLevel;
  reason: string;
  /** The deciding grant, or null when nothing decides. */
  source: { directoryId: string; principalType: PrincipalType; principalId: string } | null;
}

export interface ReportInput {
  tree: DirectoryTree;
  grants: readonly DirectGrant[];
  /** Every principal that might appear; only those with a grant on the path (or in a granted group) are reported. */
  principals: readonly PrincipalInfo[];
  /** The vault or folder whose subtree is reported. */
  rootId: string;
}

const KIND_ORDER: Record<PrincipalKind, number> = { user: 0, serviceAccount: 1, group: 2 };

export function buildReport(input: ReportInput): AccessRow[] {
  const { tree, rootId } = input;
  const directories = tree.subtree(rootId);
  // Grants on the subtree or on an ancestor of the root can matter.
  const relevantDirs = new Set([...directories.map((d) => d.id), ...tree.walkUp(rootId).map((d) => d.id)]);
  const grants = input.grants.filter((g) => relevantDirs.has(g.directoryId));
  const index = new GrantIndex(grants);
  const granted = new Set(grants.map((g) => `${g.principalType}:${g.principalId}`));
  const principals = input.principals
    .filter(
      (p) =>
        granted.has(`${p.type}:${p.id}`) ||
        (p.type === "user" && p.groupIds.some((gid) => granted.has(`group:${gid}`))),
    )
    .sort(
      (a, b) =>
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
    );
  const names = new Map(input.principals.map((p) => [`${p.type}:${p.id}`, p.name]));
  const nameOf = (type: PrincipalType, id: string): string => names.get(`${type}:${id}`) ?? id;

  const rows: AccessRow[] = [];
  for (const p of principals) {
    for (const d of directories) {
      const eff = effectiveAccess(tree, index, { type: p.type, id: p.id, groupIds: p.groupIds }, d.id);
      rows.push({
        principalType: p.type,
        principalId: p.id,
        principalKind: p.kind,
        principalName: p.name,
        directoryId: d.id,
        directoryPath: tree.path(d.id),
        level: eff.level,
        reason: explain(tree, eff.reason, nameOf),
        source:
          eff.reason.kind === "none"
            ? null
            : {
                directoryId: eff.reason.grant.directoryId,
                principalType: eff.reason.grant.principalType,
                principalId: eff.reason.grant.principalId,
              },
      });
    }
  }
  return rows;
}

/** Distinct principals and directories in row order (the matrix axes). */
export function axes(rows: readonly AccessRow[]): {
  principals: { key: string; label: string }[];
  directories: { id: string; path: string }[];
} {
  const principals = new Map<string, string>();
  const directories = new Map<string, string>();
  for (const r of rows) {
    principals.set(`${r.principalType}:${r.principalId}`, principalLabel(r));
    directories.set(r.directoryId, r.directoryPath);
  }
  return {
    principals: [...principals].map(([key, label]) => ({ key, label })),
    directories: [...directories].map(([id, path]) => ({ id, path })),
  };
}

export function principalLabel(r: Pick<AccessRow, "principalKind" | "principalName">): string {
  const kind = r.principalKind === "serviceAccount" ? "service account" : r.principalKind;
  return `${kind} ${r.principalName}`;
}

export function cellKey(principalType: string, principalId: string, directoryId: string): string {
  return `${principalType}:${principalId}@${directoryId}`;
}
