/**
 * The one shape of a resource provider. A resource kind implements `ResourceImpl<Inputs, Outputs>` and
 * exports `provider = resourceProvider(impl)`, the `pulumi.dynamic.ResourceProvider` that sdk/shim.ts
 * loads by name (`pulumi-passwork/dist/provider/resources/<kind>`).
 *
 * Why the types can be trusted: only `check` sees the program's values (raw, maybe the unknown
 * sentinel). Every later call gets back what this provider itself returned: `create` and `update` get
 * check's inputs (known by then), and `olds`/`props` are the outputs of an earlier create/update/read.
 * Pulumi's own interface types all of these as `any`; this is the single place where they become
 * `Inputs` and `Outputs`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CheckFailure } from "./check";

export interface CheckResult {
  /** The canonical inputs (trimmed, sets sorted, defaults filled); may still hold the unknown sentinel. */
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** What read returns: the object as the server has it, or `{}` when it is gone (refresh drops it). */
export type ReadResult<O> =
  | {
      id: string;
      props: O;
      /** Replace the stored inputs, so the next diff compares the program with reality. */
      inputs: Record<string, unknown>;
    }
  | Record<string, never>;

export interface ResourceImpl<Inputs, Outputs> {
  /** `olds`: the last checked inputs ({} on a create); `news`: the program's values, `__provider` included. */
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult>;
  /** `news`: check's inputs; during preview any of them may still be the unknown sentinel. */
  diff(id: string, olds: Outputs, news: Record<string, unknown>): Promise<DiffResult>;
  create(inputs: Inputs): Promise<{ id: string; outs: Outputs }>;
  read(id: string, props: Outputs): Promise<ReadResult<Outputs>>;
  /** Absent when every input forces a replacement. */
  update?(id: string, olds: Outputs, news: Inputs): Promise<{ outs: Outputs }>;
  delete(id: string, props: Outputs): Promise<void>;
}

export function resourceProvider<Inputs, Outputs>(
  impl: ResourceImpl<Inputs, Outputs>,
): pulumi.dynamic.ResourceProvider {
  return impl;
}
