/** The effective-access report as Markdown a reviewer can read in a pull request. */
import { axes, cellKey, principalLabel, type AccessRow } from "./report";

/** Escapes Markdown inline syntax and table pipes; newlines become spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, " ").replace(/([\\`*_[\]<>|#~])/g, "\\$1");
}

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
      return r.level === "none" ? "—" : `${r.level}${inherited}`;
    });
    lines.push(`| ${escapeMarkdown(p.label)} | ${cols.join(" | ")} |`);
  }
  lines.push("", "— no access · ↑ inherited from a parent directory", "");
  lines.push("<details><summary>Why</summary>", "");
  lines.push("| principal | directory | level | reason |", "|---|---|---|---|");
  for (const r of rows) {
    if (r.level === "none") continue;
    lines.push(
      `| ${escapeMarkdown(principalLabel(r))} | ${escapeMarkdown(r.directoryPath)} | ${r.level} | ${escapeMarkdown(r.reason)} |`,
    );
  }
  lines.push("", "</details>", "");
  return lines.join("\n");
}
