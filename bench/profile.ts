/**
 * Where a no-change `up` spends its time, ours against the floor (bench/floor), at one size N.
 *
 * Per side: `up` from empty, then `up` with no change; for each operation the wall time, the CPU seconds
 * of the engine (`pulumi`), the dynamic-provider process and this process (which runs the inline program
 * and the Automation API), and CPU profiles of this process (inspector, around the operation) and of the
 * provider process (a preload given through NODE_OPTIONS that profiles from start to exit: the engine
 * stops plugins with SIGINT). Prints the top self-time functions and origins per process and writes
 * everything to --out (JSON); raw .cpuprofile files stay in --profile-dir.
 *
 *   npm run build && npx ts-node --transpile-only bench/profile.ts --records 300 [--sides floor,ours]
 *     (sides: ours, mirror = the same-resources floor, floor = the minimal floor)
 *     [--profile-dir /tmp/passwork-profile] [--out bench/results/profile-300.json] [--skip-checkpoints]
 *     [--no-profile]   (wall and CPU times only: no profiler in either process, for before/after timings)
 */
import * as fs from "node:fs";
import * as inspector from "node:inspector";
import * as path from "node:path";
import { openEngineStack, stateResources, type EngineStack } from "../tests/engine/harness";
import { floorLayout, mirrorLayout, passworkLayout, type LayoutOptions } from "./layouts";
import { startEmulatorProcess } from "./emulator-child";
import { sampleDescendantCpu, type Role } from "./process-cpu";
import { summarizeProfile, type CpuProfile, type ProfileSummary } from "./cpuprofile-summary";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** Profiles a dynamic-provider process from start to exit; plain JS because the plugin runs plain node. */
const PRELOAD = `
if (process.argv.some((a) => a.includes("cmd/dynamic-provider"))) {
  const inspector = require("node:inspector");
  const fs = require("node:fs");
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post("Profiler.stop", (err, res) => {
      if (!err) fs.writeFileSync(process.env.BENCH_PROFILE_DIR + "/provider-" + process.pid + ".cpuprofile", JSON.stringify(res.profile));
    });
  };
  process.on("exit", write);
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => { write(); process.exit(0); });
}
`;

interface OpProfile {
  seconds: number;
  cpuSeconds: Record<Role | "program", number>;
  program?: ProfileSummary;
  provider?: ProfileSummary;
  summary: Record<string, number>;
}

function startProgramProfile(): () => CpuProfile {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  return () => {
    let profile: CpuProfile | undefined;
    session.post("Profiler.stop", (err, res) => {
      if (err) throw err;
      profile = res.profile as unknown as CpuProfile;
    });
    session.disconnect();
    if (!profile) throw new Error("inspector returned no profile");
    return profile;
  };
}

async function profiled(stack: EngineStack, dir: string, label: string): Promise<OpProfile> {
  const before = new Set(fs.readdirSync(dir));
  const cpu = sampleDescendantCpu();
  const cpu0 = process.cpuUsage();
  const stopProfile = noProfile() ? undefined : startProgramProfile();
  const t0 = process.hrtime.bigint();
  const run = await stack.up();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const programCpu = process.cpuUsage(cpu0);
  const children = cpu.stop();
  const programProfile = stopProfile?.();
  if (programProfile)
    fs.writeFileSync(path.join(dir, `${label}-program.cpuprofile`), JSON.stringify(programProfile));
  const providerFiles = fs.readdirSync(dir).filter((f) => !before.has(f) && f.startsWith("provider-"));
  for (const f of providerFiles) fs.renameSync(path.join(dir, f), path.join(dir, `${label}-${f}`));
  const provider = providerFiles[0]
    ? summarizeProfile(JSON.parse(fs.readFileSync(path.join(dir, `${label}-${providerFiles[0]}`), "utf8")))
    : undefined;
  return {
    seconds: Math.round(seconds * 100) / 100,
    cpuSeconds: { ...children, program: Math.round((programCpu.user + programCpu.system) / 1e4) / 100 },
    ...(programProfile ? { program: summarizeProfile(programProfile) } : {}),
    ...(provider ? { provider } : {}),
    summary: run.summary as Record<string, number>,
  };
}

function print(label: string, p: OpProfile): void {
  const out: string[] = [
    `\n=== ${label}: ${p.seconds} s wall; CPU s: ${JSON.stringify(p.cpuSeconds)}; ${JSON.stringify(p.summary)}`,
  ];
  for (const [name, s] of [
    ["program", p.program],
    ["provider", p.provider],
  ] as const) {
    if (!s) continue;
    out.push(`-- ${name}: busy ${s.busyMs} ms of ${s.spanMs} ms`);
    out.push("   by origin: " + s.byOrigin.map((o) => `${o.name} ${o.ms}`).join(" | "));
    for (const f of s.topFunctions.slice(0, 12)) out.push(`   ${String(f.ms).padStart(8)} ms  ${f.name}`);
  }
  process.stdout.write(out.join("\n") + "\n");
}

const noProfile = (): boolean => process.argv.includes("--no-profile");

async function main(): Promise<void> {
  const records = Number(arg("--records") ?? "300");
  const sides = (arg("--sides") ?? "floor,ours").split(",");
  const dir =
    arg("--profile-dir") ?? path.join(require("node:os").tmpdir(), `passwork-profile-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "preload.js"), PRELOAD);
  const env: Record<string, string> = {
    ...(noProfile()
      ? {}
      : { NODE_OPTIONS: `--require ${path.join(dir, "preload.js")}`, BENCH_PROFILE_DIR: dir }),
    ...(process.argv.includes("--skip-checkpoints") ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {}),
  };
  const emu = await startEmulatorProcess();
  const results: Record<string, unknown> = { records, startedAt: new Date().toISOString(), profileDir: dir };
  try {
    const options: LayoutOptions = { records, runId: Date.now().toString(36), grantee: emu.granteeId };
    for (const side of sides) {
      const stack = await openEngineStack({
        projectName: `profile-${side}`,
        program:
          side === "ours"
            ? passworkLayout(options)
            : side === "mirror"
              ? mirrorLayout(options)
              : floorLayout(options),
        env,
        ...(side === "ours"
          ? {
              config: {
                "passwork:host": { value: emu.url },
                "passwork:accessToken": { value: emu.accessToken, secret: true },
                "passwork:refreshToken": { value: emu.refreshToken, secret: true },
              },
            }
          : {}),
      });
      try {
        for (const op of ["up", "up-nochange"]) {
          const p = await profiled(stack, dir, `${side}-${op}`);
          print(`${side} ${op} N=${records}`, p);
          results[`${side}-${op}`] = p;
        }
        const state = JSON.stringify(await stack.exportState());
        const count = stateResources(JSON.parse(state)).length;
        results[`${side}-state`] = {
          bytes: state.length,
          resources: count,
          bytesPerResource: Math.round(state.length / count),
        };
        process.stdout.write(`${side} state: ${state.length} bytes, ${count} resources\n`);
        await stack.destroy();
      } finally {
        await stack.dispose();
      }
    }
  } finally {
    emu.close();
  }
  const out = arg("--out");
  if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  process.stdout.write(`profiles: ${dir}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`profile: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
