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
import type { BenchResults, OpName, SizeResult } from "./results";
import { timeChartSvg } from "./chart";

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

function sizeTable(s: SizeResult): string {
  const rows = (Object.keys(OP_LABEL) as OpName[]).map((op) => {
    const { ours, floor } = s.ops[op];
    return `| ${OP_LABEL[op]} | ${ours.seconds.toFixed(2)} | ${floor.seconds.toFixed(2)} | **${ratio(ours.seconds, floor.seconds)}** | ${ours.providerPeakMb} | ${floor.providerPeakMb} | ${ours.totalRequests} | ${ours.writeRequests} | ${ours.serverPeakInFlight} |`;
  });
  return [
    `### N = ${s.records} records (${s.resources} resources per stack)`,
    "",
    "| operation | ours (s) | floor (s) | ours/floor | ours provider peak (MB) | floor provider peak (MB) | requests | writes | server peak in-flight |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
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
    const up = s500.ops.up.ours.seconds / s500.ops.up.floor.seconds;
    lines.push(
      `| up from empty, N=500 ≤ 1.3× floor | ${up.toFixed(2)}× (${s500.ops.up.ours.seconds.toFixed(1)} s vs ${s500.ops.up.floor.seconds.toFixed(1)} s) | ${verdict(up <= 1.3)} |`,
    );
    const nc = s500.ops["up-nochange"].ours.seconds / s500.ops["up-nochange"].floor.seconds;
    lines.push(
      `| second up, N=500 ≤ 1.1× floor | ${nc.toFixed(2)}× (${s500.ops["up-nochange"].ours.seconds.toFixed(1)} s vs ${s500.ops["up-nochange"].floor.seconds.toFixed(1)} s) | ${verdict(nc <= 1.1)} |`,
    );
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
    const g = large.ops.up.ours.seconds / small.ops.up.ours.seconds;
    const gf = large.ops.up.floor.seconds / small.ops.up.floor.seconds;
    lines.push(
      `| up growth time(1000)/time(100) ≤ 11 | ${g.toFixed(2)} (floor: ${gf.toFixed(2)}) | ${verdict(g <= 11)} |`,
    );
  } else {
    lines.push("| up growth time(1000)/time(100) ≤ 11 | — | not measured (needs N=100 and N=1000) |");
  }
  return lines.join("\n");
}

function recordReadRequests(s: SizeResult): number {
  const c = s.ops.refresh.ours.requests;
  return (c["GET /api/v1/items/{id}"] ?? 0) + (c["POST /api/v1/batch"] ?? 0);
}

const configuration = (r: BenchResults): string =>
  r.skipCheckpoints
    ? "PULUMI_SKIP_CHECKPOINTS=true for both ours and the floor (the file backend writes the state once at the end, not at every step)"
    : "default: the file backend rewrites the whole state file at every step, for ours and the floor alike";

/** A second results file measured with the other configuration (e.g. --skip-checkpoints), same code. */
function secondSection(alt: BenchResults): string[] {
  return [
    `## Second configuration: ${alt.skipCheckpoints ? "PULUMI_SKIP_CHECKPOINTS=true" : "default checkpoints"}`,
    "",
    `- Date: ${alt.startedAt}${alt.code ? `; code: ${alt.code}` : ""}; configuration: ${configuration(alt)}.`,
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

/** Writes RESULTS.md and the chart(s); `alt` adds a section for a run with the other configuration. */
export async function writeReport(r: BenchResults, alt?: BenchResults): Promise<string> {
  const dir = __dirname;
  fs.mkdirSync(path.join(dir, "results"), { recursive: true });
  fs.writeFileSync(path.join(dir, "results", "time-vs-n.svg"), timeChartSvg(r));
  if (alt) fs.writeFileSync(path.join(dir, "results", "time-vs-n-skip-checkpoints.svg"), timeChartSvg(alt));
  const changesFile = path.join(dir, "results", "changes.md");
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
    "- Floor: the same number of resources with the same dependency shape through the no-op dynamic provider (bench/floor), same engine and process layout, no HTTP. Floor and ours run back to back for each operation (order alternating), the emulator in its own process.",
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
  // ts-node bench/report.ts [results.json] [second-configuration.json]
  const file = process.argv[2] ?? path.join(__dirname, "results", "latest.json");
  const load = (f: string) => JSON.parse(fs.readFileSync(f, "utf8")) as BenchResults;
  void writeReport(load(file), process.argv[3] ? load(process.argv[3]) : undefined).then((f) =>
    process.stdout.write(`${f}\n`),
  );
}
