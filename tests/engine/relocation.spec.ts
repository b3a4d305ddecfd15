// A stack made from one checkout is refreshed and destroyed from a copy of the repository at another
// path: the state must hold no path of the first checkout, and the copy's own code must do the work.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { example } from "./examples";
import { changeCount, EngineStack, openEngineStack } from "./harness";
import {
  infraProject,
  infraResourceCount,
  InfraFixture,
  openInfraStack,
  startInfraFixture,
} from "./fixtures";
import { inventory } from "./raw-passwork";
import { repoRoot } from "./pulumi-cli";

/**
 * Copies the repository (built `dist/` included) without node_modules, .git or demo data, and gives the
 * copy a node_modules of links: packages point at this checkout's installed ones, while
 * `pulumi-passwork` and the workspace packages point into the copy itself.
 */
function copyCheckout(target: string): void {
  execFileSync("bash", [
    "-c",
    `tar -C "$0" --exclude=./node_modules --exclude=./.git --exclude=./.demo --exclude=./bench/work -cf - . | tar -C "$1" -xf -`,
    repoRoot,
    target,
  ]);
  const modules = path.join(target, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    const link = path.join(modules, entry);
    const original = path.join(repoRoot, "node_modules", entry);
    const own = fs.lstatSync(original).isSymbolicLink() ? fs.readlinkSync(original) : undefined;
    // Relative links (the package itself, the workspaces) are kept relative, i.e. into the copy.
    fs.symlinkSync(own !== undefined && !path.isAbsolute(own) ? own : original, link);
  }
}

describe("engine: a stack moved to another checkout", function () {
  this.timeout(240_000);
  let fx: InfraFixture;
  let origin: EngineStack;
  let moved: EngineStack | undefined;
  let copy: string;
  let stateDir: string;
  let beforeUp: string[];

  before(async () => {
    fx = await startInfraFixture();
    beforeUp = await inventory(fx.api);
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-passwork-moved-state-"));
    copy = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-passwork-other-checkout-"));
    copyCheckout(copy);
    // Proof that the copy's code ran: its provider settings module leaves a mark when loaded.
    fs.appendFileSync(
      path.join(copy, "dist", "provider", "config.js"),
      `\nrequire("fs").writeFileSync(require("path").join(__dirname, "..", "..", "loaded-from-this-checkout"), "");\n`,
    );
    origin = await openInfraStack(fx, () => ({}), { stateDir });
  });
  after(async () => {
    await origin?.dispose();
    await moved?.dispose();
    await fx?.close();
    for (const dir of [copy, stateDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the copy resolves pulumi-passwork to itself", () => {
    assert.strictEqual(
      fs.realpathSync(path.join(copy, "node_modules", "pulumi-passwork")),
      fs.realpathSync(copy),
    );
    assert.ok(
      fs.existsSync(path.join(copy, "dist", "provider", "config.js")),
      "the copy carries the built provider",
    );
  });

  it("up from this checkout, then refresh and destroy from the copy", async () => {
    const created = await origin.up();
    assert.strictEqual(created.summary.create, infraResourceCount + 1);

    // The copy's own examples/infrastructure/index.ts, which resolves pulumi-passwork to the copy.
    moved = await openEngineStack({
      projectName: infraProject,
      program: example("infrastructure", copy).program(),
      config: fx.config,
      stateDir,
      mainDir: copy,
    });
    const refreshed = await moved.refresh();
    assert.strictEqual(changeCount(refreshed), 0, JSON.stringify(refreshed.summary));
    assert.ok(
      fs.existsSync(path.join(copy, "loaded-from-this-checkout")),
      "the provider code of the copy ran",
    );

    const destroyed = await moved.destroy();
    assert.strictEqual(destroyed.summary.delete, infraResourceCount + 1, JSON.stringify(destroyed.summary));
    assert.deepStrictEqual(await inventory(fx.api), beforeUp);
  });
});
