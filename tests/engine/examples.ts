// Runs an example's own program file (examples/<name>/index.ts, the file `pulumi up` runs in that
// directory) as an Automation API inline program: the language host cannot be built here, and an
// inline program runs the very same module. Each run loads the example's modules afresh, so a test can
// change the data a program reads (e.g. layout.ts's records) through `edit` before the program runs.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { repoRoot } from "./pulumi-cli";

export type ExampleName = "infrastructure" | "consumer" | "layout";

/** Loads one module of the example (a fresh copy for this run), e.g. `load("layout")`. */
export type ExampleLoader = (module: string) => any;

export interface Example {
  dir: string;
  /** `name` of the example's Pulumi.yaml (the namespace of its stack config). */
  projectName: string;
  /** The example's program as an inline program; `edit` runs first, on freshly loaded modules. */
  program(edit?: (load: ExampleLoader) => void): PulumiFn;
}

export function example(name: ExampleName, root: string = repoRoot): Example {
  const dir = path.join(root, "examples", name);
  const project = YAML.parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string };
  const entry = path.join(dir, "index.ts");
  return {
    dir,
    projectName: project.name,
    program: (edit) => async () => {
      for (const key of Object.keys(require.cache))
        if (key.startsWith(dir + path.sep) && !key.includes(`${path.sep}node_modules${path.sep}`))
          delete require.cache[key];
      edit?.((module) => require(path.join(dir, module)));
      // What the Node language host does with the entry module: its exports are the stack outputs.
      const exports = require(entry) as Record<string, unknown>;
      return { ...exports };
    },
  };
}
