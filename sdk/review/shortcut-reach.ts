/**
 * Records a principal reaches through shortcuts: a shortcut shows a record in another directory, so
 * whoever can read that directory can read the record there, whatever the record's own vault grants
 * (issue 15). Pure: the effective-access rows and the shortcuts in the reported subtree go in.
 */
import { levelRank, type EffectiveLevel } from "../../provider/access/levels";
import { escapeMarkdown } from "./report-markdown";
import { principalLabel, type AccessRow } from "./report";

export interface ShortcutInDirectory {
  shortcutId: string;
  recordId: string;
  recordName: string;
  /** The record's own place (`vault/folder/...` path as the server reports it). */
  recordPath: string;
  /** The directory the shortcut lives in. */
  directoryId: string;
}

export interface ShortcutReachRow {
  principalType: AccessRow["principalType"];
  principalId: string;
  principalName: string;
  recordId: string;
  recordName: string;
  recordPath: string;
  shortcutId: string;
  /** Where the shortcut shows the record. */
  viaPath: string;
  /** The principal's level on that directory (read or more: enough to read the record there). */
  level: EffectiveLevel;
}

const canRead = (level: EffectiveLevel) =>
  level !== "none" && level !== "forbidden" && levelRank(level) >= levelRank("read");

export function shortcutReach(
  rows: readonly AccessRow[],
  shortcuts: readonly ShortcutInDirectory[],
): ShortcutReachRow[] {
  const out: ShortcutReachRow[] = [];
  for (const sc of shortcuts) {
    for (const r of rows) {
      if (r.directoryId !== sc.directoryId || !canRead(r.level)) continue;
      out.push({
        principalType: r.principalType,
        principalId: r.principalId,
        principalName: principalLabel(r),
        recordId: sc.recordId,
        recordName: sc.recordName,
        recordPath: sc.recordPath,
        shortcutId: sc.shortcutId,
        viaPath: r.directoryPath,
        level: r.level,
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.principalName.localeCompare(b.principalName) ||
      a.recordPath.localeCompare(b.recordPath) ||
      a.viaPath.localeCompare(b.viaPath),
  );
}

/** A Markdown section for the review: one line per principal × record reached through a shortcut. */
export function shortcutReachMarkdown(reach: readonly ShortcutReachRow[]): string {
  if (reach.length === 0) return "";
  const lines = [
    "#### Records reached through shortcuts",
    "",
    "| principal | record | shown in | level there |",
    "|---|---|---|---|",
  ];
  for (const r of reach)
    lines.push(
      `| ${escapeMarkdown(r.principalName)} | ${escapeMarkdown(r.recordPath)} | ${escapeMarkdown(r.viaPath)} | ${r.level} |`,
    );
  lines.push(
    "",
    "A shortcut shows the record itself: reading the directory it lives in is enough to read the record.",
    "",
  );
  return lines.join("\n");
}
