/**
 * bench/RESULTS.md and bench/results/time-vs-n.svg from a results file (and optionally a second one
 * measured with the other checkpoint configuration). The machine section is read
 * here (cores, memory, Node, Pulumi CLI version); the "changes" section is kept by hand in
 * bench/results/changes.md and copied in.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiRoot } from "../tests/engine/pulumi-cli";
import { loadResults, type BenchResults, type OpName, type OpResult, type SizeResult } from "./results";
import { timeChartSvg } from "./chart";
import { minimalFloorTargets, stateTable } from "./report-state";

const OP_LABEL: Record<OpName, string> = {
  up: "up from empty",
  "up-nochange": "up, no change",
  "preview-1-change": "preview after one change",
  refresh: "refresh",
  destroy: "destroy",
};

function pulumiVersion(): string {
  try {
    return execFileSync(path.join(pulumiRoot(), "bin", "pulumi"), ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).trim();
  } catch {
    return "unknown";
  }
}

function sdkVersion(): string {
  return (require("@pulumi/pulumi/package.json") as { version: string }).version;
}

const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : "n/a");
const fmtCounts = (c: Record<string, number>): string =>
  Object.entries(c)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${n}× ${k.replace("/api/v1", "")}`)
    .join(", ") || "none";
const secs = (r: OpResult | undefined): string => (r ? r.seconds.toFixed(2) : "—");
const mb = (r: OpResult | undefined): string => (r ? String(r.providerPeakMb) : "—");
const vs = (ours: OpResult, floor: OpResult | undefined): string =>
  floor ? `**${ratio(ours.seconds, floor.seconds)}**` : "—";

function sizeTable(s: SizeResult): string {
  const rows = (Object.keys(OP_LABEL) as OpName[]).map((op) => {
    const { ours, floor, minimal } = s.ops[op];
    return `| ${OP_LABEL[op]} | ${secs(ours)} | ${secs(floor)} | ${vs(ours, floor)} | ${secs(minimal)} | ${vs(ours, minimal)} | ${mb(ours)} | ${mb(floor)} | ${mb(minimal)} | ${ours.totalRequests} | ${ours.writeRequests} | ${ours.serverPeakInFlight} |`;
  });
  return [
    `### N = ${s.records} records (${s.resources} resources per stack)`,
    "",
    "| operation | ours (s) | floor (s) | ours/floor | minimal floor (s) | ours/minimal | ours provider peak (MB) | floor provider peak (MB) | minimal provider peak (MB) | requests | writes | server peak in-flight |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    "Requests by route:",
    "",
    ...(Object.keys(OP_LABEL) as OpName[]).map(
      (op) => `- ${OP_LABEL[op]}: ${fmtCounts(s.ops[op].ours.requests)}`,
    ),
    ...(s.getSecrets
      ? [
          `- getSecrets over the vault (${s.getSecrets.records} records): ${s.getSecrets.requests} requests (${fmtCounts(s.getSecrets.counts)})`,
        ]
      : []),
    "",
    ...stateTable(s),
  ].join("\n");
}

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? "not measured" : ok ? "met" : "**not met**";
}

function targets(r: BenchResults): string {
  const at = (n: number) => r.sizes.find((s) => s.records === n);
  const lines: string[] = ["| target | measured | verdict |", "|---|---|---|"];
  const s500 = at(500);
  if (s500) {
    lines.push(ratioRow("up from empty, N=500 ≤ 1.3× floor", s500, "up", 1.3));
    lines.push(ratioRow("second up, N=500 ≤ 1.1× floor", s500, "up-nochange", 1.1));
  } else {
    lines.push("| up from empty, N=500 ≤ 1.3× floor | — | not measured (N=500 not in this run) |");
  }
  for (const s of r.sizes) {
    const w = s.ops["up-nochange"].ours.writeRequests;
    lines.push(`| second up, N=${s.records}: zero writes | ${w} writes | ${verdict(w === 0)} |`);
    const creates = s.ops.up.ours.writeRequests;
    lines.push(
      `| create = 1 write per object, N=${s.records} | ${creates} writes for ${s.resources} objects | ${verdict(creates <= s.resources)} |`,
    );
    const deletes = s.ops.destroy.ours.writeRequests;
    lines.push(
      `| delete = 1 write per object, N=${s.records} | ${deletes} writes for ${s.resources} objects | ${verdict(deletes <= s.resources)} |`,
    );
    const refresh = s.ops.refresh.ours.totalRequests;
    const limit = s.records / 10 + 5;
    lines.push(
      `| refresh of N=${s.records} records ≤ N/10+5 = ${limit} requests | ${refresh} requests for all ${s.resources} resources (${recordReadRequests(s)} of them /batch or item GETs) | ${verdict(refresh <= limit)} |`,
    );
    if (s.getSecrets)
      lines.push(
        `| getSecrets over ${s.getSecrets.records} records ≤ ${s.getSecrets.limit} requests | ${s.getSecrets.requests} | ${verdict(s.getSecrets.requests <= s.getSecrets.limit)} |`,
      );
    lines.push(
      `| provider < 300 MB, N=${s.records} | ${Math.max(...Object.values(s.ops).map((o) => o.ours.providerPeakMb))} MB peak | ${verdict(Math.max(...Object.values(s.ops).map((o) => o.ours.providerPeakMb)) < 300)} |`,
    );
  }
  const small = at(100);
  const large = at(1000);
  if (small && large) {
    const growth = (side: "ours" | "floor" | "minimal"): string => {
      const a = small.ops.up[side];
      const b = large.ops.up[side];
      return a && b ? (b.seconds / a.seconds).toFixed(2) : "—";
    };
    const g = large.ops.up.ours.seconds / small.ops.up.ours.seconds;
    lines.push(
      `| up growth time(1000)/time(100) ≤ 11 | ours ${g.toFixed(2)} (floor: ${growth("floor")}; minimal floor: ${growth("minimal")}) | ${verdict(g <= 11)} |`,
    );
  } else {
    lines.push("| up growth time(1000)/time(100) ≤ 11 | — | not measured (needs N=100 and N=1000) |");
  }
  lines.push(...minimalFloorTargets(r));
  return lines.join("\n");
}

/**
 * A time target: judged against the same-resources floor; the ratio to the minimal floor is shown beside
 * it. A run without the same-resources floor (an older file, or --floors minimal) is not judged.
 */
function ratioRow(target: string, s: SizeResult, op: OpName, limit: number): string {
  const { ours, floor, minimal } = s.ops[op];
  const pair = (f: OpResult) =>
    `${(ours.seconds / f.seconds).toFixed(2)}× (${ours.seconds.toFixed(1)} s vs ${f.seconds.toFixed(1)} s)`;
  const vsMinimal = minimal ? `vs minimal floor ${pair(minimal)}` : "";
  if (!floor)
    return `| ${target} | — (no same-resources floor in this run)${vsMinimal ? `; ${vsMinimal}` : ""} | not measured |`;
  return `| ${target} | ${pair(floor)}${minimal ? `; vs minimal floor ${(ours.seconds / minimal.seconds).toFixed(2)}× (${minimal.seconds.toFixed(1)} s)` : ""} | ${verdict(ours.seconds / floor.seconds <= limit)} |`;
}

function recordReadRequests(s: SizeResult): number {
  const c = s.ops.refresh.ours.requests;
  return (c["GET /api/v1/items/{id}"] ?? 0) + (c["POST /api/v1/batch"] ?? 0);
}

const configuration = (r: BenchResults): string =>
  r.skipCheckpoints
    ? "PULUMI_SKIP_CHECKPOINTS=true for ours and the floors alike (the file backend writes the state once at the end, not at every step)"
    : "default: the file backend rewrites the whole state file at every step, for ours and the floors alike";

/** Which floors the run has, when not both. */
function floorsNote(r: BenchResults): string[] {
  const floors = r.floors ?? [];
  if (floors.includes("mirror") && floors.includes("minimal")) return [];
  return [
    floors.includes("mirror")
      ? "- This run measured the same-resources floor only (--floors mirror)."
      : "- This run measured the minimal floor only (a results file from before the same-resources floor, or --floors minimal): the time targets are not judged.",
  ];
}

/** A second results file measured with the other configuration (e.g. --skip-checkpoints), same code. */
function secondSection(alt: BenchResults): string[] {
  return [
    `## Second configuration: ${alt.skipCheckpoints ? "PULUMI_SKIP_CHECKPOINTS=true" : "default checkpoints"}`,
    "",
    `- Date: ${alt.startedAt}${alt.code ? `; code: ${alt.code}` : ""}; configuration: ${configuration(alt)}.`,
    ...floorsNote(alt),
    "",
    "![time against N, second configuration](results/time-vs-n-skip-checkpoints.svg)",
    "",
    "### Targets",
    "",
    targets(alt),
    "",
    ...alt.sizes.map((s) => sizeTable(s).replace(/^### /, "#### ")),
  ];
}

/**
 * Writes RESULTS.md and the chart(s) under `dir` (default: bench/, i.e. bench/RESULTS.md and bench/results/);
 * `alt` adds a section for a run with the other configuration. Older results files are read as
 * {@link loadResults} says (their floor was the minimal floor).
 */
export async function writeReport(
  results: BenchResults,
  second?: BenchResults,
  dir: string = __dirname,
): Promise<string> {
  const r = loadResults(results);
  const alt = second && loadResults(second);
  fs.mkdirSync(path.join(dir, "results"), { recursive: true });
  fs.writeFileSync(path.join(dir, "results", "time-vs-n.svg"), timeChartSvg(r));
  if (alt) fs.writeFileSync(path.join(dir, "results", "time-vs-n-skip-checkpoints.svg"), timeChartSvg(alt));
  const changesFile = path.join(__dirname, "results", "changes.md");
  const changes = fs.existsSync(changesFile) ? fs.readFileSync(changesFile, "utf8").trim() : "";
  const cpu = os.cpus();
  const md = [
    "# Benchmark: `pulumi up` at scale against the engine's floor",
    "",
    "Generated by `npm run bench` (bench/run.ts); do not edit by hand — the changes section comes from bench/results/changes.md.",
    "",
    `- Date: ${r.startedAt}${r.code ? `; code: ${r.code}` : ""}`,
    `- Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? "unknown CPU"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}`,
    `- Node ${process.version}; Pulumi CLI ${pulumiVersion()}; @pulumi/pulumi ${sdkVersion()}`,
    `- Layout per N records: 1 vault, ⌈N/10⌉ folders, N records (login, url, description, 2 tags, given password, 1 secret custom field), one FolderAccess read grant per folder (${r.accessResource === "sdk" ? "sdk class" : "the provider's FolderAccess through a bench-local shim: the sdk did not export FolderAccess yet"}).`,
    "- Floor (same resources): our program — the same vault, folders, grants and N records, with the same declared properties, secret inputs and secret outputs, returning outputs with the same keys — through a no-op dynamic provider (bench/floor/mirror.ts; tests/engine/floor-mirror.spec.ts checks that both states have the same shape), same engine and process layout, no HTTP. The targets are judged against it: the issue defines the floor as the same N resources through a no-op provider in the same run, and the engine's and @pulumi/pulumi's cost per declared property and secret value is paid by any provider of these resources.",
    "- Minimal floor: as many resources with the same dependency shape, four small properties each (bench/floor/provider.ts; the only floor of earlier runs). Floor ÷ minimal floor is what the size of our resources' property surface costs in the engine and the Pulumi runtime, outside our provider.",
    "- Why ours can be below both floors: the floors' resource classes are plain `pulumi.dynamic.Resource` subclasses, whose registration lets @pulumi/pulumi capture a stack trace for every promise it wraps (four per declared property, formatted by source-map-support under ts-node, printed only with PULUMI_DEBUG_PROMISE_LEAKS); our sdk classes register with the trace limit at 0 (sdk/promise-traces.ts), which saves more program CPU than our provider spends. And the floors' state is larger than ours: both floors are `pulumi.dynamic.Resource` classes, whose closure-serialized provider (2.4–2.7 KB) is stored twice per resource, while ours store a 70-byte text naming the package (sdk/shim.ts); the file backend rewrites the whole state at every step, so checkpoint-bound operations (up from empty, destroy) favour ours. The state-size tables below show the bytes per resource of each.",
    "- Ours and the floors run back to back for each operation (the order rotates: ours, floor, minimal floor first), the emulator in its own process.",
    ...floorsNote(r),
    "- Time is the wall time of the Automation API call (CLI start to finish). Memory is the VmHWM of the dynamic-provider process. Requests are what the emulator saw (a /batch counts once).",
    `- Configuration: ${configuration(r)}.`,
    "",
    "![time against N](results/time-vs-n.svg)",
    "",
    "## Targets",
    "",
    targets(r),
    "",
    "## Measurements",
    "",
    ...r.sizes.map(sizeTable),
    ...(alt ? secondSection(alt) : []),
    ...(changes ? ["## Changes and their measured effect", "", changes, ""] : []),
  ].join("\n");
  const file = path.join(dir, "RESULTS.md");
  // Formatted as the repository's format check expects (CI runs prettier --check on the tree).
  const prettier = await import("prettier");
  fs.writeFileSync(
    file,
    await prettier.format(md, { ...(await prettier.resolveConfig(file)), filepath: file }),
  );
  return file;
}

if (require.main === module) {
  // ts-node bench/report.ts [results.json] [second-configuration.json] [--dir DIR]
  const argv = process.argv.slice(2);
  const d = argv.indexOf("--dir");
  const outDir = d >= 0 ? argv[d + 1] : undefined;
  const files = argv.filter((_, i) => d < 0 || (i !== d && i !== d + 1));
  const file = files[0] ?? path.join(__dirname, "results", "latest.json");
  const load = (f: string) => JSON.parse(fs.readFileSync(f, "utf8")) as BenchResults;
  void writeReport(
    load(file),
    files[1] ? load(files[1]) : undefined,
    outDir ? path.resolve(outDir) : undefined,
  ).then((f) => process.stdout.write(`${f}\n`));
}
