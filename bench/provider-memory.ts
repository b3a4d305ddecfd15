/**
 * Peak memory of the engine's dynamic-provider processes: every `interval` ms, find the descendants of
 * this process whose command line runs `@pulumi/pulumi/cmd/dynamic-provider` and read VmHWM (the
 * kernel's own resident-set high-water mark, so a peak between two samples is not missed) from
 * /proc/<pid>/status. The last reading before the process exits is its peak. Linux only.
 */
import { readdirSync, readFileSync } from "node:fs";

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

function parentOf(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // "pid (comm) state ppid ..." — comm may hold spaces and parentheses, so split after the last ")".
  const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  return Number.isFinite(ppid) ? ppid : undefined;
}

function providerPids(root: number): number[] {
  const pids = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const found: number[] = [];
  for (const pid of pids) {
    const cmd = readText(`/proc/${pid}/cmdline`);
    if (!cmd || !cmd.includes("cmd/dynamic-provider")) continue;
    for (
      let p: number | undefined = parentOf(pid), hops = 0;
      p !== undefined && p > 1 && hops < 10;
      p = parentOf(p), hops++
    ) {
      if (p === root) {
        found.push(pid);
        break;
      }
    }
  }
  return found;
}

function highWaterKb(pid: number): number | undefined {
  const m = /VmHWM:\s+(\d+) kB/.exec(readText(`/proc/${pid}/status`) ?? "");
  return m ? Number(m[1]) : undefined;
}

export interface MemorySampler {
  /** Stops sampling; the highest VmHWM seen of any provider process, in MB (0 if none was seen). */
  stop(): { peakMb: number; processes: number };
}

export function sampleProviderMemory(intervalMs = 150, root = process.pid): MemorySampler {
  const peaks = new Map<number, number>();
  const tick = (): void => {
    for (const pid of providerPids(root)) {
      const kb = highWaterKb(pid);
      if (kb !== undefined) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, kb));
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      const peakKb = Math.max(0, ...peaks.values());
      return { peakMb: Math.round(peakKb / 102.4) / 10, processes: peaks.size };
    },
  };
}
