// The reference layout as one Layout component (compare ../infrastructure, the same tree written
// resource by resource). The declaration is in reference.ts; layout.yaml is the same kind of
// declaration as a file (`Layout.fromFile("infrastructure", "layout.yaml")`).
import * as pulumi from "@pulumi/pulumi";
import { Layout } from "pulumi-passwork";
import { referenceLayout } from "./reference";

const config = new pulumi.Config();
const layout = new Layout("infrastructure", { spec: referenceLayout((key) => config.requireSecret(key)) });

// The stack outputs other stacks and CI consume (StackReference keys).
export const vaultId = layout.vaultId;
export const folderIds = layout.folderIds;
export const recordIds = layout.recordIds;
export const execCommands = layout.execCommands;
export const envVarNames = layout.envVarNames;
export const effectiveAccess = layout.effectiveAccess;
export const unmanaged = layout.unmanaged;
