/**
 * The effective-access report as a standalone SVG matrix: principals × directories, coloured by level,
 * each cell named as Passwork's interface names the level; a membership column beside the principals
 * (directly, through groups, vault-type administrator); a legend with our codes and the product's names.
 */
import { levelName, type EffectiveLevel } from "../../provider/access/levels";
import { axes, cellKey, groupNames, membershipLabel, type AccessRow } from "./report";

export const LEVEL_COLOURS: Record<EffectiveLevel, string> = {
  none: "#f2f2f2",
  forbidden: "#d9534f",
  read: "#9ecae1",
  edit: "#fdae6b",
  full: "#74c476",
  admin: "#8c6bb1",
};
const LEGEND: readonly EffectiveLevel[] = ["none", "forbidden", "read", "edit", "full", "admin"];

export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids are dropped; the five specials become entities.
  return text
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const CELL_W = 104;
const LEGEND_W = 150;
const CELL_H = 26;
const FONT = 'font-family="sans-serif" font-size="12"';

export function reportSvg(rows: readonly AccessRow[], title = "Effective access"): string {
  const { principals, directories } = axes(rows);
  const cells = new Map(rows.map((r) => [cellKey(r.principalType, r.principalId, r.directoryId), r]));
  const groupName = groupNames(rows);
  const membership = new Map<string, string>();
  for (const r of rows)
    membership.set(`${r.principalType}:${r.principalId}`, membershipLabel(r.membership, groupName));
  const memberX = Math.max(140, 8 + 7 * Math.max(0, ...principals.map((p) => p.label.length)));
  const memberW = 12 + 6 * Math.max(10, ...[...membership.values()].map((m) => m.length));
  const labelW = memberX + memberW;
  const headerH = Math.max(60, 16 + 5 * Math.max(0, ...directories.map((d) => d.path.length)));
  const top = 30 + headerH;
  const gridH = principals.length * CELL_H;
  const width = Math.max(labelW + directories.length * CELL_W + 20, 20 + LEGEND.length * LEGEND_W);
  const height = top + gridH + 70;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" ${FONT} font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${memberX}" y="${top - 6}" ${FONT} font-style="italic">membership</text>`,
  ];
  directories.forEach((d, i) => {
    const x = labelW + i * CELL_W + CELL_W / 2;
    out.push(
      `<text x="${x}" y="${top - 6}" ${FONT} transform="rotate(-35 ${x} ${top - 6})">${escapeXml(d.path)}</text>`,
    );
  });
  principals.forEach((p, row) => {
    const y = top + row * CELL_H;
    out.push(`<text x="10" y="${y + 17}" ${FONT}>${escapeXml(p.label)}</text>`);
    out.push(
      `<text x="${memberX}" y="${y + 17}" ${FONT} fill="#555555">${escapeXml(membership.get(p.key) ?? "")}</text>`,
    );
    directories.forEach((d, col) => {
      const r = cells.get(`${p.key}@${d.id}`);
      const level: EffectiveLevel = r?.level ?? "none";
      const x = labelW + col * CELL_W;
      const tip = r ? `${p.label} on ${d.path}: ${levelName(level)} (${level}): ${r.reason}` : "";
      const fixed = `${r?.irrevocable ? " †" : ""}${r?.connectedWithoutAccess ? " ◦" : ""}${r?.connectionRequest === "pending" ? " ⏳" : ""}`;
      out.push(
        `<g><title>${escapeXml(tip)}</title><rect x="${x}" y="${y}" width="${CELL_W}" height="${CELL_H}" fill="${LEVEL_COLOURS[level]}" stroke="#ffffff"/>` +
          `<text x="${x + CELL_W / 2}" y="${y + 17}" ${FONT} text-anchor="middle">${escapeXml(level === "none" ? fixed.trim() : levelName(level) + fixed)}</text></g>`,
      );
    });
  });
  const ly = top + gridH + 20;
  LEGEND.forEach((level, i) => {
    const x = 10 + i * LEGEND_W;
    // Our code (what programs write), then Passwork's name for it.
    out.push(
      `<rect x="${x}" y="${ly}" width="14" height="14" fill="${LEVEL_COLOURS[level]}" stroke="#999999"/>` +
        `<text x="${x + 20}" y="${ly + 12}" ${FONT}>${level === "none" ? "no access" : level}</text>` +
        (level === "none"
          ? ""
          : `<text x="${x + 20 + 7 * level.length + 6}" y="${ly + 12}" ${FONT} fill="#555555">${escapeXml(levelName(level))}</text>`),
    );
  });
  out.push(
    `<text x="10" y="${ly + 34}" ${FONT} fill="#555555">† vault-type administrator: Passwork keeps them admin; no grant can remove or demote them${marksLegend(rows)}</text>`,
  );
  out.push("</svg>");
  return out.join("\n") + "\n";
}

/** The membership marks the cells use, explained only when the report has them. */
function marksLegend(rows: readonly AccessRow[]): string {
  let out = "";
  if (rows.some((r) => r.connectedWithoutAccess))
    out += " · ◦ Connect without access (the level shown applies instead)";
  if (rows.some((r) => r.connectionRequest === "pending"))
    out += " · ⏳ awaits approval of its request for connection";
  return out;
}
