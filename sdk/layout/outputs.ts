/**
 * The consumer-facing outputs of a Layout, computed from the plan (and ids once known). Keys are tree
 * paths, so growing the tree only adds keys.
 */
import { recordVariables, type LayoutPlan, type PlannedGrant, type PrincipalKind } from "./plan";

/** `passwork-cli exec` reads a folder's direct records only (reference/passwork-api.md §6). */
export function execCommand(folderId: string): string {
  return `passwork-cli exec --folder-id ${folderId} <command>`;
}

export function execCommands(folderIds: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(folderIds).map(([path, id]) => [path, execCommand(id)]));
}

/** Folder path → sorted variable names `passwork-cli exec --folder-id` yields (names only, no values). */
export function envVarNames(plan: LayoutPlan): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const folder of plan.folders) out[folder.path] = [];
  for (const record of plan.records) {
    const list = out[record.folderPath];
    if (list === undefined) continue; // vault-root records: not reachable with --folder-id
    for (const { variable } of recordVariables(record)) if (!list.includes(variable)) list.push(variable);
  }
  // A shortcut's record is exported in the folder it is shown in, too (exec reads shortcuts there).
  const byPath = new Map(plan.records.map((r) => [r.path, r]));
  for (const sc of plan.shortcuts ?? []) {
    const record = byPath.get(sc.target);
    const list = out[sc.folderPath];
    if (record === undefined || list === undefined) continue;
    for (const { variable } of recordVariables(record)) if (!list.includes(variable)) list.push(variable);
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

const KIND_LABEL: Record<PrincipalKind, string> = {
  serviceAccount: "service account",
  user: "user",
  group: "group",
};

function escapeCell(text: string): string {
  return text.replace(/\r?\n|\r/g, " ").replace(/([\\`*_[\]<>|])/g, "\\$1");
}

export interface DeclaredAccessCell {
  level: string;
  /** The path whose grant decides ("" = the vault). */
  from: string;
}

/**
 * Who can reach what according to the declaration: for each principal and folder, the grant with a
 * level on the nearest directory walking up to the vault (Passwork's rule for direct grants). Group membership is
 * not resolved here: a user's row shows only grants naming the user.
 */
export function declaredAccess(plan: LayoutPlan): {
  principals: PlannedGrant[];
  rows: { path: string; cells: (DeclaredAccessCell | null)[] }[];
} {
  const principals: PlannedGrant[] = [];
  const seen = new Set<string>();
  const key = (g: Pick<PlannedGrant, "kind" | "name">) => `${g.kind}:${g.name}`;
  for (const g of [...plan.vaultAccess, ...plan.folders.flatMap((f) => f.access)]) {
    if (!seen.has(key(g))) {
      seen.add(key(g));
      principals.push(g);
    }
  }
  principals.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const byPath = new Map(plan.folders.map((f) => [f.path, f]));
  const decide = (path: string, p: PlannedGrant): DeclaredAccessCell | null => {
    for (let at: string | undefined = path; at !== undefined;) {
      const grants = at === "" ? plan.vaultAccess : (byPath.get(at)?.access ?? []);
      const hit = grants.find((g) => key(g) === key(p));
      // connect (Connect without access) is membership with no level of its own: the walk goes on.
      if (hit && hit.level !== "connect") return { level: hit.level, from: at };
      at = at === "" ? undefined : (byPath.get(at)?.parentPath ?? "");
    }
    return null;
  };
  const paths = ["", ...plan.folders.map((f) => f.path)];
  return { principals, rows: paths.map((path) => ({ path, cells: principals.map((p) => decide(path, p)) })) };
}

/** Markdown table: one row per directory, one column per principal; ↑ marks an inherited level. */
export function effectiveAccessMarkdown(plan: LayoutPlan): string {
  const { principals, rows } = declaredAccess(plan);
  const title = `### Declared access: ${escapeCell(plan.vault.name)}`;
  if (principals.length === 0) return `${title}\n\nNo access is declared.\n`;
  const lines = [title, ""];
  lines.push(
    `| path | ${principals.map((p) => `${escapeCell(p.name)} (${KIND_LABEL[p.kind]})`).join(" | ")} |`,
  );
  lines.push(`|---|${principals.map(() => "---").join("|")}|`);
  for (const row of rows) {
    const cells = row.cells.map((c) => (c === null ? "—" : c.from === row.path ? c.level : `${c.level} ↑`));
    lines.push(`| ${row.path === "" ? "(vault)" : escapeCell(row.path)} | ${cells.join(" | ")} |`);
  }
  lines.push("", "— no access · ↑ inherited from a parent directory", "");
  return lines.join("\n");
}
