/**
 * A built checkout of an earlier commit, to make state the way an earlier version did (migration tests).
 * The commit's tree comes from `git archive`; its node_modules are links: packages point at this
 * checkout's installed ones, while `pulumi-passwork` and the workspace packages point into the copy.
 * It is compiled with this checkout's TypeScript (`tsc -p tsconfig.build.json`), as `npm run build` would.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "./pulumi-cli";

export function buildOldCheckout(commit: string, target: string): void {
  execFileSync("bash", [
    "-c",
    `git -C "$0" archive --format=tar "$1" | tar -C "$2" -xf -`,
    repoRoot,
    commit,
    target,
  ]);
  const modules = path.join(target, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    const original = path.join(repoRoot, "node_modules", entry);
    const own = fs.lstatSync(original).isSymbolicLink() ? fs.readlinkSync(original) : undefined;
    // Relative links (the package itself, the workspaces) stay relative, i.e. into the copy.
    fs.symlinkSync(own !== undefined && !path.isAbsolute(own) ? own : original, path.join(modules, entry));
  }
  execFileSync(
    process.execPath,
    [path.join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    { cwd: target, stdio: "pipe" },
  );
}
