/**
 * CPU time (user + system) of this process's descendants during an operation, by role: the engine
 * (`pulumi`), the dynamic-provider host (`node …/cmd/dynamic-provider`), anything else. Every `interval`
 * ms it reads utime + stime from /proc/<pid>/stat; the last reading of a process counts, so at most one
 * interval of a process's tail is missed. Linux only.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

interface Stat {
  ppid: number;
  comm: string;
  cpuTicks: number;
}

function statOf(pid: number): Stat | undefined {
  const text = read(`/proc/${pid}/stat`);
  if (!text) return undefined;
  const comm = text.slice(text.indexOf("(") + 1, text.lastIndexOf(")"));
  const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // After "(comm) ": state ppid ... utime is field 14 of stat, i.e. index 11 here; stime index 12.
  return { ppid: Number(f[1]), comm, cpuTicks: Number(f[11]) + Number(f[12]) };
}

export type Role = "engine" | "provider" | "emulator" | "other";

function roleOf(pid: number, comm: string): Role {
  if (comm === "pulumi") return "engine";
  const cmdline = read(`/proc/${pid}/cmdline`) ?? "";
  if (cmdline.includes("cmd/dynamic-provider")) return "provider";
  return cmdline.includes("emulator-process") ? "emulator" : "other";
}

export interface CpuSampler {
  /** Stops sampling; CPU seconds per role over the processes seen. */
  stop(): Record<Role, number>;
}

export function sampleDescendantCpu(intervalMs = 200, root = process.pid): CpuSampler {
  const last = new Map<number, { role: Role; ticks: number }>();
  // CPU a process had already spent when sampling started is not this operation's.
  const baseline = new Map<number, number>();
  let first = true;
  const tick = (): void => {
    const stats = new Map<number, Stat>();
    for (const d of readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      const s = statOf(Number(d));
      if (s) stats.set(Number(d), s);
    }
    for (const [pid, s] of stats) {
      let p = s.ppid;
      for (let hops = 0; p > 1 && p !== root && hops < 10; hops++) p = stats.get(p)?.ppid ?? 0;
      if (p !== root) continue;
      const role = last.get(pid)?.role ?? roleOf(pid, s.comm);
      if (first) baseline.set(pid, s.cpuTicks);
      last.set(pid, { role, ticks: s.cpuTicks - (baseline.get(pid) ?? 0) });
    }
    first = false;
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      const out: Record<Role, number> = { engine: 0, provider: 0, emulator: 0, other: 0 };
      for (const { role, ticks } of last.values()) out[role] += ticks / TICKS_PER_SECOND;
      for (const role of Object.keys(out) as Role[]) out[role] = Math.round(out[role] * 100) / 100;
      return out;
    },
  };
}
