/** Shapes of the benchmark's results file (bench/results/latest.json). */
import type { StateSize } from "./state-size";

export type OpName = "up" | "up-nochange" | "preview-1-change" | "refresh" | "destroy";

/**
 * The floors a run measures beside ours: `mirror`, the same resources (bench/floor/mirror.ts), reported as
 * "floor"; `minimal`, as many resources with four small properties each (bench/floor/provider.ts).
 */
export type FloorName = "mirror" | "minimal";

export interface OpResult {
  seconds: number;
  /** Highest VmHWM of the dynamic-provider process(es) during the operation, MB. */
  providerPeakMb: number;
  providerProcesses: number;
  /** The engine's change summary. */
  summary: Record<string, number>;
  /** Requests the emulator saw, by "METHOD /route/template" (floors: none). */
  requests: Record<string, number>;
  totalRequests: number;
  writeRequests: number;
  serverPeakInFlight: number;
}

/** One operation, measured for ours and each floor of the run. */
export interface OpSides {
  ours: OpResult;
  /** The same-resources floor (mirror). In files without `floors` this key held the minimal floor: see {@link loadResults}. */
  floor?: OpResult;
  /** The minimal floor. */
  minimal?: OpResult;
}

export interface SizeResult {
  records: number;
  /** Resources per layout (vault + folders + grants + records), the stack not counted. */
  resources: number;
  ops: Record<OpName, OpSides>;
  getSecrets?: { records: number; requests: number; limit: number; counts: Record<string, number> };
  /** The state after `up` from empty, per side (absent in files written before it was measured). */
  state?: { ours: StateSize; floor?: StateSize; minimal?: StateSize };
}

export interface BenchResults {
  startedAt: string;
  /** The commit whose build was measured (`git rev-parse --short HEAD`, "+dirty" with uncommitted changes). */
  code?: string;
  accessResource: "sdk" | "bench shim";
  /** PULUMI_SKIP_CHECKPOINTS=true for ours and the floors (absent in older files: false). */
  skipCheckpoints?: boolean;
  /** The floors measured. Absent in older files, which measured only the minimal floor (under `floor`). */
  floors?: FloorName[];
  sizes: SizeResult[];
}

/**
 * A results file as this version reads it. Files written before the same-resources floor existed have no
 * `floors` and hold the minimal floor under `floor`; it is moved to `minimal`, so `floor` always means the
 * same-resources floor.
 */
export function loadResults(raw: BenchResults): BenchResults {
  if (raw.floors) return raw;
  return {
    ...raw,
    floors: ["minimal"],
    sizes: raw.sizes.map((s) => ({
      ...s,
      ops: Object.fromEntries(
        Object.entries(s.ops).map(([op, { ours, floor, minimal }]) => [
          op,
          { ours, minimal: minimal ?? floor },
        ]),
      ) as SizeResult["ops"],
    })),
  };
}
