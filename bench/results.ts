/** Shapes of the benchmark's results file (bench/results/latest.json). */
export type OpName = "up" | "up-nochange" | "preview-1-change" | "refresh" | "destroy";

export interface OpResult {
  seconds: number;
  /** Highest VmHWM of the dynamic-provider process(es) during the operation, MB. */
  providerPeakMb: number;
  providerProcesses: number;
  /** The engine's change summary. */
  summary: Record<string, number>;
  /** Requests the emulator saw, by "METHOD /route/template" (floor: none). */
  requests: Record<string, number>;
  totalRequests: number;
  writeRequests: number;
  serverPeakInFlight: number;
}

export interface SizeResult {
  records: number;
  /** Resources per layout (vault + folders + grants + records), the stack not counted. */
  resources: number;
  ops: Record<OpName, { ours: OpResult; floor: OpResult }>;
  getSecrets?: { records: number; requests: number; limit: number; counts: Record<string, number> };
}

export interface BenchResults {
  startedAt: string;
  /** The commit whose build was measured (`git rev-parse --short HEAD`, "+dirty" with uncommitted changes). */
  code?: string;
  accessResource: "sdk" | "bench shim";
  /** PULUMI_SKIP_CHECKPOINTS=true for both ours and the floor (absent in older files: false). */
  skipCheckpoints?: boolean;
  sizes: SizeResult[];
}
