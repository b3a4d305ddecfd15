/**
 * Hand-written SVG (no dependency): one small panel per operation, time (s) against N, ours (solid)
 * against the same-resources floor (dashed) and the minimal floor (dotted), linear axes from 0. A floor
 * missing from a run (or from one of its sizes) is not drawn.
 */
import type { BenchResults, OpName, OpSides } from "./results";

const OPS: [OpName, string][] = [
  ["up", "up from empty"],
  ["up-nochange", "up, no change"],
  ["preview-1-change", "preview, 1 change"],
  ["refresh", "refresh"],
  ["destroy", "destroy"],
];
const W = 260;
const H = 200;
const PAD = { left: 44, right: 12, top: 28, bottom: 34 };

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function panel(r: BenchResults, op: OpName, title: string, x0: number): string {
  const ns = r.sizes.map((s) => s.records);
  const series = (side: keyof OpSides): number[] | undefined => {
    const ys = r.sizes.map((s) => s.ops[op][side]?.seconds);
    return ys.every((y): y is number => y !== undefined) ? ys : undefined;
  };
  const ours = series("ours") ?? [];
  const floor = series("floor");
  const minimal = series("minimal");
  const xMax = niceMax(Math.max(...ns));
  const yMax = niceMax(Math.max(...ours, ...(floor ?? []), ...(minimal ?? [])));
  const px = (n: number) => x0 + PAD.left + (n / xMax) * (W - PAD.left - PAD.right);
  const py = (t: number) => PAD.top + (1 - t / yMax) * (H - PAD.top - PAD.bottom);
  const line = (ys: number[], cls: string) =>
    `<polyline class="${cls}" points="${ns.map((n, i) => `${px(n).toFixed(1)},${py(ys[i] ?? 0).toFixed(1)}`).join(" ")}"/>` +
    ns
      .map(
        (n, i) =>
          `<circle class="${cls}" cx="${px(n).toFixed(1)}" cy="${py(ys[i] ?? 0).toFixed(1)}" r="2.5"/>`,
      )
      .join("");
  const ticksY = [0, 0.5, 1]
    .map(
      (f) =>
        `<text class="tick" x="${x0 + PAD.left - 4}" y="${(py(yMax * f) + 3).toFixed(1)}" text-anchor="end">${+(yMax * f).toFixed(1)}</text><line class="grid" x1="${x0 + PAD.left}" x2="${x0 + W - PAD.right}" y1="${py(yMax * f).toFixed(1)}" y2="${py(yMax * f).toFixed(1)}"/>`,
    )
    .join("");
  const ticksX = ns
    .map(
      (n) =>
        `<text class="tick" x="${px(n).toFixed(1)}" y="${H - PAD.bottom + 13}" text-anchor="middle">${n}</text>`,
    )
    .join("");
  return [
    `<text class="title" x="${x0 + W / 2}" y="16" text-anchor="middle">${esc(title)}</text>`,
    ticksY,
    ticksX,
    `<text class="tick" x="${x0 + W / 2}" y="${H - 6}" text-anchor="middle">N records</text>`,
    `<text class="tick" x="${x0 + 10}" y="${PAD.top - 8}">s</text>`,
    minimal ? line(minimal, "minimal") : "",
    floor ? line(floor, "floor") : "",
    line(ours, "ours"),
  ].join("\n");
}

export function timeChartSvg(r: BenchResults): string {
  const width = W * OPS.length;
  const height = H + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    "<style>.ours{stroke:#c0392b;fill:#c0392b;stroke-width:2}.floor{stroke:#2c3e50;fill:#2c3e50;stroke-width:2;stroke-dasharray:5 3}.minimal{stroke:#7f8c8d;fill:#7f8c8d;stroke-width:1.5;stroke-dasharray:1.5 2.5}polyline{fill:none}.grid{stroke:#ddd}.tick{fill:#555}.title{font-weight:bold}</style>",
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...OPS.map(([op, title], i) => panel(r, op, title, i * W)),
    `<g transform="translate(10,${H + 12})"><line class="ours" x1="0" x2="24" y1="0" y2="0"/><text x="30" y="4">pulumi-passwork (emulator)</text><line class="floor" x1="200" x2="224" y1="0" y2="0"/><text x="230" y="4">floor: same resources, no-op provider</text><line class="minimal" x1="480" x2="504" y1="0" y2="0"/><text x="510" y="4">minimal floor: 4 properties per resource</text><text x="790" y="4" fill="#555">${esc(r.startedAt.slice(0, 10))}</text></g>`,
    "</svg>",
    "",
  ].join("\n");
}
