// Locates the Pulumi CLI through scripts/ensure-pulumi.sh (which builds and caches it when needed).
// Engine tests never skip: without a CLI they fail with the script's own message on how to get one.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "..", "..");

let cached: string | undefined;

/** The directory holding `bin/pulumi` (for `PulumiCommand.get({root})`), found once per process. */
export function pulumiRoot(): string {
  cached ??= locatePulumi();
  return cached;
}

/** Runs scripts/ensure-pulumi.sh with `env`; throws its message when there is no CLI to be had. */
export function locatePulumi(env: NodeJS.ProcessEnv = process.env): string {
  const script = path.join(repoRoot, "scripts", "ensure-pulumi.sh");
  // A cold build takes minutes; a cached one answers at once.
  const run = spawnSync("bash", [script], { encoding: "utf8", timeout: 30 * 60_000, env });
  const root = run.stdout.trim().split("\n").pop() ?? "";
  if (run.status !== 0 || root === "" || !fs.existsSync(path.join(root, "bin", "pulumi"))) {
    throw new Error(
      `The Pulumi CLI is not available, so the engine tests cannot run.\n${run.stderr.trim() || run.error?.message || "scripts/ensure-pulumi.sh printed no CLI root"}`,
    );
  }
  return root;
}

/** Whether `pulumi-language-nodejs` sits beside the CLI (needed to run a project directory). */
export function hasNodeLanguageHost(root: string = pulumiRoot()): boolean {
  return fs.existsSync(path.join(root, "bin", "pulumi-language-nodejs"));
}
