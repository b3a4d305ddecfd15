// Generates inline Pulumi programs of N floor resources, for the engine harness and the benchmarks.
import * as pulumi from "@pulumi/pulumi";
import { FloorResource } from "./provider";

export interface FloorProgramOptions {
  /** Number of resources. */
  count: number;
  /** Value written into every resource; change it to make every resource update. */
  value?: string;
  /** Per-index overrides of `value`, to update only some resources. */
  valueAt?: Record<number, string>;
  /** A secret given to every resource (tests grep the state for it). */
  secret?: string;
  /** Chain each resource to the previous one (dependsOn), for sequential rather than parallel steps. */
  chained?: boolean;
}

/** The program: resources `floor-0 … floor-(N-1)`, exporting their ids as `ids`. */
export function floorProgram(options: FloorProgramOptions): () => Promise<Record<string, unknown>> {
  return async () => {
    const resources: FloorResource[] = [];
    for (let i = 0; i < options.count; i++) {
      const previous = resources[i - 1];
      const args = {
        name: `floor-${i}`,
        value: options.valueAt?.[i] ?? options.value ?? "v1",
        ...(options.secret !== undefined ? { secretValue: pulumi.secret(options.secret) } : {}),
      };
      resources.push(
        new FloorResource(`floor-${i}`, args, options.chained && previous ? { dependsOn: [previous] } : {}),
      );
    }
    return { ids: resources.map((r) => r.id), count: options.count };
  };
}
