/**
 * `npm run bench` — `pulumi up` at scale against the engine's floor, side by side in one run.
 *
 * For each N (records), three stacks through the real CLI (Automation API, file backend,
 * tests/engine/harness.ts): ours, the Passwork layout (bench/layouts.ts) against the emulator (own process);
 * the floor, the same program and resources through a no-op provider (bench/floor/mirror.ts: same declared
 * properties, secrets and output keys, no HTTP); and the minimal floor, as many resources with four small
 * properties each (bench/floor/provider.ts). Operations, each run for the three back to back (the order
 * rotates: ours first, floor first, minimal floor first): up from empty, up with no change, preview after
 * one change, refresh, destroy. Per operation: wall time, the dynamic-provider process's peak memory
 * (VmHWM) and the requests the emulator saw. After the first up, getSecrets over the vault (N records)
 * counts its requests, and each side's state is measured (bench/state-size.ts: bytes per resource by role).
 *
 * Options: --sizes 100,500,1000 (default 100,500)  --out bench/results/latest.json  --no-report
 *          --floors mirror,minimal (default both; at least one): which floors to run beside ours.
 *          --main-dir DIR: the provider process's cwd (resolves pulumi-passwork there), e.g. a frozen copy
 *          of an earlier build to measure a before/after pair.
 *          --skip-checkpoints: PULUMI_SKIP_CHECKPOINTS=true for ours and the floors alike (the file backend then
 *          writes the state once at the end instead of at every step; the floor's growth with N is mostly those writes).
 *          --report-dir DIR: write RESULTS.md and the chart under DIR instead of bench/ (e.g. for a smoke run).
 * The provider process runs the compiled package (dist/): `npm run bench` builds first.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { openEngineStack, type EngineRun, type EngineStack } from "../tests/engine/harness";
import { PassworkClient } from "../provider/client";
import { lookupSecrets } from "../sdk/reads/objects";
import { floorLayout, mirrorLayout, passworkLayout, resourceCount, type LayoutOptions } from "./layouts";
import { folderAccessClass } from "./access-resource";
import { sampleProviderMemory } from "./provider-memory";
import { startEmulatorProcess, type EmulatorChild } from "./emulator-child";
import { writeReport } from "./report";
import { measureStateSize } from "./state-size";
import type { BenchResults, FloorName, OpName, OpResult, OpSides, SizeResult } from "./results";

const OPS: OpName[] = ["up", "up-nochange", "preview-1-change", "refresh", "destroy"];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The sides of a run, as keys of {@link OpSides}: ours, and "floor" (mirror) and/or "minimal". */
type Side = keyof OpSides;

function floorsArg(): FloorName[] {
  const given = (arg("--floors") ?? "mirror,minimal").split(",").map((f) => f.trim());
  const floors = (["mirror", "minimal"] as const).filter((f) => given.includes(f));
  if (floors.length === 0 || given.some((f) => f !== "mirror" && f !== "minimal"))
    throw new Error("--floors takes mirror, minimal or both, e.g. --floors mirror,minimal");
  return floors;
}

/** The order of the sides for the i-th operation: rotated by one each time, so each side goes first in turn. */
function rotated<T>(sides: readonly T[], i: number): T[] {
  const k = i % sides.length;
  return [...sides.slice(k), ...sides.slice(0, k)];
}

/** Writes are every non-GET request except POST /batch (a batch of GETs). */
export function writeCount(counts: Record<string, number>): number {
  return Object.entries(counts)
    .filter(([k]) => !k.startsWith("GET ") && k !== "POST /api/v1/batch")
    .reduce((s, [, n]) => s + n, 0);
}

async function measure(stack: EngineStack, op: OpName, emu: EmulatorChild | undefined): Promise<OpResult> {
  if (emu) await emu.stats(); // start a fresh counting window
  const memory = sampleProviderMemory();
  const started = process.hrtime.bigint();
  let run: EngineRun;
  let mem: { peakMb: number; processes: number };
  try {
    run =
      op === "up" || op === "up-nochange"
        ? await stack.up()
        : op === "preview-1-change"
          ? await stack.preview()
          : op === "refresh"
            ? await stack.refresh()
            : await stack.destroy();
  } finally {
    mem = memory.stop();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stats = emu ? await emu.stats() : { counts: {}, peakInFlight: 0 };
  const total = Object.values(stats.counts).reduce((s, n) => s + n, 0);
  return {
    seconds: Math.round(seconds * 100) / 100,
    providerPeakMb: mem.peakMb,
    providerProcesses: mem.processes,
    summary: run.summary as Record<string, number>,
    requests: stats.counts,
    totalRequests: total,
    writeRequests: writeCount(stats.counts),
    serverPeakInFlight: stats.peakInFlight,
  };
}

async function runSize(
  records: number,
  emu: EmulatorChild,
  runId: string,
  floors: FloorName[],
): Promise<SizeResult> {
  const options: LayoutOptions = { records, runId: `${runId}-${records}`, grantee: emu.granteeId };
  let current = options;
  const config = {
    "passwork:host": { value: emu.url },
    "passwork:accessToken": { value: emu.accessToken, secret: true },
    "passwork:refreshToken": { value: emu.refreshToken, secret: true },
  };
  const mainDir = arg("--main-dir");
  const env = skipCheckpoints() ? { env: { PULUMI_SKIP_CHECKPOINTS: "true" } } : {};
  const stacks: Partial<Record<Side, EngineStack>> = {};
  const result: SizeResult = { records, resources: resourceCount(records), ops: {} as SizeResult["ops"] };
  try {
    const ours = await openEngineStack({
      projectName: "bench-passwork",
      stackName: `n${records}`,
      program: () => passworkLayout(current)(),
      config,
      ...env,
      ...(mainDir ? { mainDir } : {}),
    });
    stacks.ours = ours;
    if (floors.includes("mirror"))
      stacks.floor = await openEngineStack({
        projectName: "bench-mirror",
        stackName: `n${records}`,
        program: () => mirrorLayout(current)(),
        ...env,
      });
    if (floors.includes("minimal"))
      stacks.minimal = await openEngineStack({
        projectName: "bench-floor",
        stackName: `n${records}`,
        program: () => floorLayout(current)(),
        ...env,
      });
    const sides = (["ours", "floor", "minimal"] as const).filter((side) => stacks[side]);
    for (const [i, op] of OPS.entries()) {
      if (op === "preview-1-change") current = { ...options, changedRecord: 0 };
      const measured: Partial<OpSides> = {};
      for (const side of rotated(sides, i)) {
        const r = await measure(stacks[side] as EngineStack, op, side === "ours" ? emu : undefined);
        measured[side] = r;
        process.stdout.write(
          `N=${records} ${op.padEnd(16)} ${side.padEnd(7)} ${r.seconds.toFixed(2).padStart(7)} s  ${String(r.providerPeakMb).padStart(6)} MB  ${String(r.totalRequests).padStart(5)} req (${r.writeRequests} writes)  ${JSON.stringify(r.summary)}\n`,
        );
      }
      result.ops[op] = measured as OpSides;
      if (op === "up") {
        result.getSecrets = await measureGetSecrets(emu, await vaultIdOf(ours), records);
        result.state = { ours: await measureStateSize(ours) };
        if (stacks.floor) result.state.floor = await measureStateSize(stacks.floor);
        if (stacks.minimal) result.state.minimal = await measureStateSize(stacks.minimal);
      }
    }
  } finally {
    for (const stack of Object.values(stacks)) await stack.dispose();
  }
  return result;
}

/** The commit measured (the provider runs the build of the work tree, or of --main-dir). */
function codeVersion(): string {
  const git = (...args: string[]): string =>
    execFileSync("git", args, { cwd: path.join(__dirname, ".."), encoding: "utf8" }).trim();
  try {
    return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? "+dirty" : ""}${arg("--main-dir") ? ` (build in ${arg("--main-dir")})` : ""}`;
  } catch {
    return "unknown";
  }
}

const skipCheckpoints = (): boolean => process.argv.includes("--skip-checkpoints");

async function vaultIdOf(stack: EngineStack): Promise<string> {
  const outputs = await stack.stack.outputs();
  return String(outputs["vaultId"]?.value);
}

async function measureGetSecrets(
  emu: EmulatorChild,
  vaultId: string,
  records: number,
): Promise<NonNullable<SizeResult["getSecrets"]>> {
  const client = new PassworkClient({ host: emu.url, accessToken: emu.accessToken });
  try {
    await emu.stats();
    const result = await lookupSecrets(client, { vaultId });
    const stats = await emu.stats();
    const requests = Object.values(stats.counts).reduce((s, n) => s + n, 0);
    return {
      records: result.recordIds.length,
      requests,
      limit: 2 + Math.ceil(records / 25),
      counts: stats.counts,
    };
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const sizes = (arg("--sizes") ?? "100,500").split(",").map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 10))
    throw new Error("--sizes must be a comma-separated list of integers ≥ 10, e.g. --sizes 100,500,1000");
  const out = arg("--out") ?? path.join(__dirname, "results", "latest.json");
  const floors = floorsArg();
  const runId = Date.now().toString(36);
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    code: codeVersion(),
    accessResource: folderAccessClass().source,
    skipCheckpoints: skipCheckpoints(),
    floors,
    sizes: [],
  };
  for (const n of sizes) {
    const emu = await startEmulatorProcess();
    try {
      results.sizes.push(await runSize(n, emu, runId, floors));
    } finally {
      emu.close();
    }
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  }
  process.stdout.write(`results: ${out}\n`);
  if (!process.argv.includes("--no-report")) {
    const dir = arg("--report-dir");
    process.stdout.write(
      `report: ${await writeReport(results, undefined, dir ? path.resolve(dir) : undefined)}\n`,
    );
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
