// Entry point as a project directory: `pulumi config set infrastructureStack organization/pulumi-passwork-demo/dev`.
import * as pulumi from "@pulumi/pulumi";
import { consumerProgram } from "./program";

export = consumerProgram({ infrastructureStack: new pulumi.Config().require("infrastructureStack") });
