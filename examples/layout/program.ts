// The reference layout as one Layout component (compare examples/infrastructure/program.ts, the same
// tree written resource by resource). Exported as a function so tests and demos run it inline.
import * as pulumi from "@pulumi/pulumi";
import { Layout, type LayoutSpecInput } from "pulumi-passwork";
import { referenceLayout, type ReferenceOptions } from "./reference";

export interface LayoutProgramOptions extends ReferenceOptions {
  /** Changes the declaration before it is applied (tests grow the tree this way). */
  edit?: (spec: LayoutSpecInput) => LayoutSpecInput;
}

/** The stack outputs other stacks and CI consume (StackReference keys). */
export function layoutOutputs(layout: Layout) {
  return {
    vaultId: layout.vaultId,
    folderIds: layout.folderIds,
    recordIds: layout.recordIds,
    execCommands: layout.execCommands,
    envVarNames: layout.envVarNames,
    effectiveAccess: layout.effectiveAccess,
    unmanaged: layout.unmanaged,
  };
}

export function layoutProgram(options: LayoutProgramOptions = {}): () => Promise<Record<string, unknown>> {
  return async () => {
    const config = new pulumi.Config();
    const spec = referenceLayout((key) => config.requireSecret(key), options);
    const layout = new Layout("infrastructure", { spec: options.edit ? options.edit(spec) : spec });
    return layoutOutputs(layout);
  };
}
