// Entry point of the root project (Pulumi.yaml: main examples/infrastructure/). Pulumi awaits the
// exported function and turns its result into the stack outputs.
import { infrastructureProgram } from "./program";

export = infrastructureProgram();
