/**
 * Self time of a V8 `.cpuprofile` (what `node --cpu-prof` and the inspector's Profiler.stop write): per
 * function (name + file:line) and per origin (our dist/sdk code, a node_modules package, Node internals,
 * GC, idle), so two processes can be compared at a glance.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  name: string;
  ms: number;
}

export interface ProfileSummary {
  /** Wall time the profile covers, ms. */
  spanMs: number;
  /** Sampled time that was not idle, ms (≈ CPU time of the JS thread). */
  busyMs: number;
  topFunctions: SelfTime[];
  byOrigin: SelfTime[];
}

/** Where a frame's code comes from: `(idle)`, `(gc)`, `node:*`, a package name, or our own tree. */
export function originOf(url: string, functionName: string): string {
  if (functionName === "(idle)" || functionName === "(program)" || functionName === "(garbage collector)")
    return functionName;
  if (url === "") return "(native/unknown)";
  if (url.startsWith("node:")) return "node internals";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)(?:\/(?:dist\/|lib\/)?([^/]+))?/.exec(url);
  if (pkg) {
    const name = pkg[1] ?? "?";
    // Split @pulumi/pulumi by its top folder (runtime, cmd, provider...): the interesting boundary.
    return name === "@pulumi/pulumi" ? `@pulumi/pulumi/${pkg[2] ?? ""}` : name;
  }
  const ours = /\/(dist\/)?(provider|sdk|bench|emulator|tests)\//.exec(url);
  return ours ? `ours: ${ours[1] ?? ""}${ours[2]}` : url.replace(/^file:\/\//, "");
}

function add(map: Map<string, number>, key: string, us: number): void {
  map.set(key, (map.get(key) ?? 0) + us);
}

const top = (map: Map<string, number>, n: number): SelfTime[] =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10 }));

export function summarizeProfile(profile: CpuProfile, topN = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fns = new Map<string, number>();
  const origins = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time *before* sample i; the sample's own duration is the next delta.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const origin = originOf(frame.url, frame.functionName);
    add(origins, origin, us);
    if (frame.functionName === "(idle)") return;
    busy += us;
    const file = frame.url
      .replace(/^.*node_modules\//, "")
      .replace(/^file:\/\/.*\/(dist|sdk|provider)\//, "$1/");
    add(fns, `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`, us);
  });
  return {
    spanMs: Math.round((profile.endTime - profile.startTime) / 1000),
    busyMs: Math.round(busy / 1000),
    topFunctions: top(fns, topN),
    byOrigin: top(origins, topN),
  };
}
