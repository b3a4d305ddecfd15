// The package as a user installs it: `npm pack`, the tarball installed into a fresh project outside the
// repository (a real copy in node_modules, no workspace link), README.md's "Using it" snippet as that
// project's program, run through the real engine against the emulator: up, a second up with 0 changes,
// destroy. The driver runs in that project with that project's @pulumi/pulumi, so nothing of this
// checkout is reachable from the program or the provider process. Needs `npm run build` (npm test does
// it) and the npm registry (npm's cache first: --prefer-offline).
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import * as ts from "typescript";
import { RunningEmulator, startEmulator } from "../../emulator/server";
import { pulumiRoot, repoRoot } from "../engine/pulumi-cli";
import { inventory, rawApi } from "../engine/raw-passwork";

const run = promisify(execFile);

/** The first ```ts block under "## Using it" in README.md. */
function readmeSnippet(): string {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Using it"));
  const code = section.match(/```ts\n([\s\S]*?)```/)?.[1];
  assert.ok(code, 'README.md has a ```ts block under "## Using it"');
  return code;
}

/** Files under `dir` (relative to the repository root). */
function filesUnder(dir: string): string[] {
  const root = path.join(repoRoot, dir);
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)));
}

// Runs inside the fresh project: its own @pulumi/pulumi, the program from index.js, a file backend.
const driver = `"use strict";
const auto = require("@pulumi/pulumi/automation");
// What the Node language host does with the entry module, afresh for each operation.
async function program() {
  delete require.cache[require.resolve("./index.js")];
  return { ...require("./index.js") };
}
async function main() {
  const [root, work, backend, home] = process.argv.slice(2);
  const config = JSON.parse(process.env.DRIVER_CONFIG);
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    { projectName: "fresh-project", stackName: "dev", program },
    {
      pulumiCommand: await auto.PulumiCommand.get({ root }),
      workDir: work,
      pulumiHome: home,
      envVars: {
        PULUMI_BACKEND_URL: "file://" + backend,
        PULUMI_CONFIG_PASSPHRASE: "fresh-project",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      },
      projectSettings: { name: "fresh-project", runtime: "nodejs", main: __dirname },
    },
  );
  await stack.setAllConfig(config);
  const summary = (r) => r.summary.resourceChanges;
  const first = summary(await stack.up());
  const second = summary(await stack.up());
  const destroyed = summary(await stack.destroy());
  console.log(JSON.stringify({ first, second, destroyed }));
}
main().catch((e) => { console.error(e && e.stack || String(e)); process.exit(1); });
`;

describe("package: npm pack, installed into a fresh project, README snippet through the engine", function () {
  this.timeout(600_000);
  let tmp: string;
  let emulator: RunningEmulator;
  let tarball: string;
  let packed: string[];
  let project: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-passwork-install-"));
    emulator = await startEmulator({ port: 0, logErrors: false });
    // dist/ is built by `npm test`; --ignore-scripts skips a second build by prepack.
    const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tmp], {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    });
    const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(tmp, info!.filename);
    packed = info!.files.map((f) => f.path);
  });
  after(async () => {
    await emulator?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("the tarball holds every file the provider process and the sdk load, and no sources or tests", () => {
    const needed = [
      "package.json",
      ...["provider", "protocol", "sdk"].flatMap((d) => filesUnder(`dist/${d}`)),
    ];
    const missing = needed
      .filter((f) => f.endsWith(".js") || f === "package.json")
      .filter((f) => !packed.includes(f));
    assert.deepStrictEqual(missing, []);
    assert.deepStrictEqual(
      packed.filter((f) => /^(tests|examples|scripts|bench|provider|sdk|protocol|emulator)\//.test(f)),
      [],
    );
  });

  it("installs into a project outside the repository as a real copy", async () => {
    project = path.join(tmp, "fresh-project");
    fs.mkdirSync(project);
    const ours = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({
        name: "fresh-project",
        private: true,
        dependencies: {
          "@pulumi/pulumi": ours.dependencies["@pulumi/pulumi"],
          "pulumi-passwork": `file:${tarball}`,
        },
      }),
    );
    const started = Date.now();
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: project,
      maxBuffer: 64 * 1024 * 1024,
    });
    console.log(`      npm install of the tarball: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const installed = path.join(project, "node_modules", "pulumi-passwork");
    assert.ok(!fs.lstatSync(installed).isSymbolicLink(), "a copy, not a link into the repository");
    assert.ok(!fs.realpathSync(installed).startsWith(repoRoot));
  });

  it("the README's snippet type-checks against the installed package and runs: up, 0-change up, destroy", async () => {
    const source = readmeSnippet();
    fs.writeFileSync(path.join(project, "index.ts"), source);
    // What a user's editor and ts-node would say: the installed .d.ts files cover the snippet.
    const program = ts.createProgram([path.join(project, "index.ts")], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      skipLibCheck: true,
      types: [],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assert.deepStrictEqual(diagnostics, []);
    fs.writeFileSync(
      path.join(project, "index.js"),
      ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      }).outputText,
    );
    fs.writeFileSync(path.join(project, "driver.js"), driver);
    for (const dir of ["work", "backend", "home"]) fs.mkdirSync(path.join(tmp, dir));
    const config = {
      "passwork:host": { value: emulator.url },
      "passwork:accessToken": { value: emulator.adminTokens.accessToken, secret: true },
      "passwork:refreshToken": { value: emulator.adminTokens.refreshToken, secret: true },
      "fresh-project:mysqlRootPass": { value: "fresh-project-root-pass", secret: true },
    };
    const api = rawApi(emulator.url, emulator.adminTokens.accessToken);
    const before = await inventory(api);
    const { stdout } = await run(
      process.execPath,
      ["driver.js", pulumiRoot(), ...["work", "backend", "home"].map((d) => path.join(tmp, d))],
      {
        cwd: project,
        // Nothing of this checkout on the module path: only the fresh project's node_modules.
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? tmp,
          DRIVER_CONFIG: JSON.stringify(config),
        },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const result = JSON.parse(stdout.trim().split("\n").pop()!);
    // Stack + vault + two folders + one record.
    assert.deepStrictEqual(result.first, { create: 5 });
    assert.deepStrictEqual(result.second, { same: 5 });
    assert.deepStrictEqual(result.destroyed, { delete: 5 });
    assert.deepStrictEqual(await inventory(api), before);
  });
});
