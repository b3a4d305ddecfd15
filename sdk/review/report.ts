/**
 * Effective-access report for a vault or a subtree: rows principal × directory → level + reason, and
 * apart from the level, how the principal is connected to the vault (membership: directly, through
 * groups, or as a vault-type administrator who cannot be removed or demoted). Rendered as JSON rows
 * (stack output), a Markdown table for pull-request review, and an SVG matrix.
 * Pure: the caller supplies the tree, the direct grants, the principals and the vault-type administrators.
 */
import {
  effectiveAccess,
  GrantIndex,
  membershipOf,
  type EffectiveAccess,
  type Membership,
} from "../../provider/access/effective";
import { explain, explainConnected } from "../../provider/access/explain";
import { CONNECT_NAME, levelName, type EffectiveLevel } from "../../provider/access/levels";
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
  /** The level as Passwork's interface names it (`Read only`, `Read and edit`, …). */
  levelName: string;
  /** How the principal is connected to the vault, apart from the level here. */
  membership: Membership;
  /** A vault-type administrator: Passwork keeps them admin; no grant can remove or demote them. */
  irrevocable: boolean;
  /**
   * Connected without access ("Connect without access") here or on a parent: a direct member with no
   * level of its own there; `level` is what applies instead (a direct grant above, the groups', or none).
   */
  connectedWithoutAccess: boolean;
  reason: string;
  /** The deciding grant, or null when nothing decides. */
  source: { directoryId: string; principalType: PrincipalType; principalId: string } | null;
  /**
   * Client-side encryption: the user reaches the vault through groups and waits for a vault administrator
   * to approve a request for connection; until then the level is configured but unusable
   * (connection-requests.ts). Absent otherwise.
   */
  connectionRequest?: "pending";
}

export interface ReportInput {
  tree: DirectoryTree;
  grants: readonly DirectGrant[];
  /** Every principal that might appear; only those with a grant on the path (or in a granted group) are reported. */
  principals: readonly PrincipalInfo[];
  /** The vault or folder whose subtree is reported. */
  rootId: string;
  /** User ids of the vault type's administrators (GET /vault-types/{id}/administrators). */
  vaultTypeAdministrators?: readonly string[];
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
  const typeAdmins = new Set(input.vaultTypeAdministrators ?? []);
  const isTypeAdmin = (p: PrincipalInfo): boolean => p.type === "user" && typeAdmins.has(p.id);
  const principals = input.principals
    .filter(
      (p) =>
        isTypeAdmin(p) ||
        granted.has(`${p.type}:${p.id}`) ||
        (p.type === "user" && p.groupIds.some((gid) => granted.has(`group:${gid}`))),
    )
    .sort(
      (a, b) =>
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
    );
  const names = new Map(input.principals.map((p) => [`${p.type}:${p.id}`, p.name]));
  const nameOf = (type: PrincipalType, id: string): string => names.get(`${type}:${id}`) ?? id;

  const reasonText = (eff: EffectiveAccess, membership: Membership): string => {
    if (eff.connected && eff.reason.kind === "none") return explainConnected(tree, eff.reason, eff.connected);
    const why = explain(tree, eff.reason, nameOf);
    if (eff.connected) return `${why}; ${explainConnected(tree, eff.reason, eff.connected)}`;
    // A direct member whose direct grants are elsewhere: here the groups decide ("Reset access").
    if (membership.direct && eff.reason.kind === "group")
      return `${why}; connected directly, but no direct grant on this path: the groups' level applies`;
    return why;
  };
  const rows: AccessRow[] = [];
  for (const p of principals) {
    const subject = { type: p.type, id: p.id, groupIds: p.groupIds, vaultTypeAdministrator: isTypeAdmin(p) };
    const membership = membershipOf(grants, subject, (id) => tree.path(id));
    for (const d of directories) {
      const eff = effectiveAccess(tree, index, subject, d.id);
      rows.push({
        principalType: p.type,
        principalId: p.id,
        principalKind: p.kind,
        principalName: p.name,
        directoryId: d.id,
        directoryPath: tree.path(d.id),
        level: eff.level,
        levelName: levelName(eff.level),
        membership,
        irrevocable: membership.vaultTypeAdministrator,
        connectedWithoutAccess: eff.connected !== undefined,
        reason: reasonText(eff, membership),
        source:
          eff.reason.kind === "none" || eff.reason.kind === "vaultTypeAdministrator"
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

/**
 * Membership in words: `vault-type administrator (cannot be removed or demoted)`, `direct; groups platform`,
 * `direct (Connect without access on infrastructure/production); through group developers`.
 */
export function membershipLabel(m: Membership, groupName: (id: string) => string): string {
  if (m.vaultTypeAdministrator) return "vault-type administrator (cannot be removed or demoted)";
  const parts: string[] = [];
  if (m.direct && m.connectedWithoutAccess)
    parts.push(`direct (${CONNECT_NAME} on ${m.connectedWithoutAccess.join(", ")})`);
  else if (m.direct) parts.push("direct");
  if (m.groupIds.length)
    parts.push(
      `through ${m.groupIds.length === 1 ? "group" : "groups"} ${m.groupIds.map(groupName).join(", ")}`,
    );
  return parts.length ? parts.join("; ") : "not connected";
}

/** Group id → name, from the group rows of the report (a group a member is connected through has rows). */
export function groupNames(rows: readonly AccessRow[]): (id: string) => string {
  const names = new Map(
    rows.filter((r) => r.principalType === "group").map((r) => [r.principalId, r.principalName]),
  );
  return (id) => names.get(id) ?? id;
}
