/** The effective-access report as Markdown a reviewer can read in a pull request. */
import { ACCESS_LEVELS, levelName } from "../../provider/access/levels";
import { axes, cellKey, groupNames, membershipLabel, principalLabel, type AccessRow } from "./report";

/** Escapes Markdown inline syntax and table pipes; newlines become spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, " ").replace(/([\\`*_[\]<>|#~])/g, "\\$1");
}

/** `read = Read only · …`: the codes of the matrix (what programs write) as Passwork's interface names them. */
export const LEVEL_LEGEND = ACCESS_LEVELS.map((l) => `${l} = ${levelName(l)}`).join(" · ");

export function reportMarkdown(rows: readonly AccessRow[], title = "Effective access"): string {
  if (rows.length === 0) return `### ${escapeMarkdown(title)}\n\nNo principal has a grant here.\n`;
  const { principals, directories } = axes(rows);
  const cells = new Map(rows.map((r) => [cellKey(r.principalType, r.principalId, r.directoryId), r]));
  const lines: string[] = [`### ${escapeMarkdown(title)}`, ""];
  lines.push(`| principal | ${directories.map((d) => escapeMarkdown(d.path)).join(" | ")} |`);
  lines.push(`|---|${directories.map(() => "---").join("|")}|`);
  for (const p of principals) {
    const cols = directories.map((d) => {
      const r = cells.get(`${p.key}@${d.id}`);
      if (!r) return "";
      // An arrow marks inherited levels so a reviewer can tell a direct grant from inheritance.
      const inherited = r.source !== null && r.source.directoryId !== r.directoryId ? " ↑" : "";
      const fixed = r.irrevocable ? " †" : "";
      // Membership states a cell's level does not show: connected without a level, a pending request.
      const marks = `${r.connectedWithoutAccess ? " ◦" : ""}${r.connectionRequest === "pending" ? " ⏳" : ""}`;
      return r.level === "none" ? `—${marks}` : `${r.level}${inherited}${fixed}${marks}`;
    });
    lines.push(`| ${escapeMarkdown(p.label)} | ${cols.join(" | ")} |`);
  }
  // The marks of membership states are explained only when the report has them.
  const legend = ["— no access", "↑ inherited from a parent directory"];
  legend.push("† vault-type administrator (cannot be removed or demoted)");
  if (rows.some((r) => r.connectedWithoutAccess))
    legend.push("◦ Connect without access here or above (the level shown is the one that applies)");
  if (rows.some((r) => r.connectionRequest === "pending"))
    legend.push("⏳ awaits approval of its request for connection (client-side encryption)");
  lines.push("", legend.join(" · "), "", `Levels as Passwork names them: ${LEVEL_LEGEND}`, "");
  lines.push("<details><summary>Why</summary>", "");
  lines.push("| principal | directory | level | reason | in Passwork |", "|---|---|---|---|---|");
  for (const r of rows) {
    // No access is left out, unless the principal is connected without access there (the reason says why).
    if (r.level === "none" && !r.connectedWithoutAccess) continue;
    lines.push(
      `| ${escapeMarkdown(principalLabel(r))} | ${escapeMarkdown(r.directoryPath)} | ${r.level} | ${escapeMarkdown(r.reason)} | ${r.levelName} |`,
    );
  }
  lines.push("", "</details>", "");
  // Membership apart from the level: how each principal is connected to the vault.
  const groupName = groupNames(rows);
  lines.push("Membership: how each principal is connected to the vault, apart from its levels.", "");
  lines.push("| principal | membership |", "|---|---|");
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.principalType}:${r.principalId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(
      `| ${escapeMarkdown(principalLabel(r))} | ${escapeMarkdown(membershipLabel(r.membership, groupName))} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}
