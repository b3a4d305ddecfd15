#!/usr/bin/env node
// `npm run demo`: examples/infrastructure, provisioned for real against a local Passwork emulator.
//
//   1. starts the emulator CLI with its data under .demo/emulator and takes the admin token it prints;
//   2. runs `pulumi up` of examples/infrastructure/index.ts (the file a user's `pulumi up` runs in that
//      directory) as an Automation API inline program: the demo's own project and stack
//      (pulumi-passwork-demo/demo), passphrase, file backend (.demo/backend), PULUMI_HOME and
//      workspace (.demo/project, where the stack config file lands);
//   3. prints the outputs and the effective-access report.
// Everything it writes is under .demo/ (git-ignored), so it never meets a stack a user made in an example
// directory, whatever backend or passphrase that one uses. Running it again changes nothing: same
// emulator data, same state, and the second up reports 0 changes.
"use strict";
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const { generatedSecret, readProject } = require("./example-configure");

const repoRoot = path.resolve(__dirname, "..");
const exampleDir = path.join(repoRoot, "examples", "infrastructure");
const demoDir = path.join(repoRoot, ".demo");
const dirs = {
  emulator: path.join(demoDir, "emulator"),
  backend: path.join(demoDir, "backend"),
  home: path.join(demoDir, "pulumi-home"),
  project: path.join(demoDir, "project"),
};
const projectName = "pulumi-passwork-demo";
const stackName = "demo";
// The demo's own passphrase, whatever PULUMI_CONFIG_PASSPHRASE a user exported for their stacks.
const passphrase = "pulumi-passwork-demo (local demo only)";

function fail(message) {
  console.error(`demo: ${message}`);
  process.exit(1);
}

function pulumiRoot() {
  const run = spawnSync("bash", [path.join(__dirname, "ensure-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const root = (run.stdout || "").trim().split("\n").pop();
  if (run.status !== 0 || !root) fail("the Pulumi CLI is not available (see the message above).");
  return root;
}

/** Starts the emulator CLI and resolves with the JSON line it prints: {url, accessToken, refreshToken}. */
function startEmulator(dataDir) {
  const cli = path.join(repoRoot, "dist", "emulator", "cli.js");
  if (!fs.existsSync(cli)) fail(`${cli} is missing: run 'npm run build' first (npm run demo does).`);
  const child = spawn(process.execPath, [cli, "--port", "0", "--data-dir", dataDir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the emulator printed nothing within 20 s")), 20_000);
    child.once("exit", (code) =>
      reject(new Error(`the emulator exited with code ${code} before it was ready`)),
    );
    readline.createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      try {
        resolve({ child, ...JSON.parse(line) });
      } catch {
        reject(new Error(`the emulator printed something other than its JSON line: ${line.slice(0, 200)}`));
      }
    });
  });
}

async function openStack(auto, root, emulator) {
  // Settings a user's shell may carry for their own stacks must not reach the demo's.
  for (const name of ["PULUMI_CONFIG_PASSPHRASE_FILE", "PULUMI_STACK", "PULUMI_ACCESS_TOKEN"])
    delete process.env[name];
  const envVars = {
    PULUMI_BACKEND_URL: `file://${dirs.backend}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  const entry = path.join(exampleDir, "index.ts");
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    // What the Node language host does with a project's entry module: its exports are the outputs.
    { projectName, stackName, program: async () => ({ ...require(entry) }) },
    {
      pulumiCommand: await auto.PulumiCommand.get({ root }),
      pulumiHome: dirs.home,
      envVars,
      workDir: dirs.project,
      // main = the example directory, as for a user: the dynamic-provider plugin runs there and
      // resolves pulumi-passwork (the workspace link at the repository root).
      projectSettings: { name: projectName, runtime: "nodejs", main: exampleDir },
    },
  );
  await stack.setAllConfig({
    "passwork:host": { value: emulator.url },
    "passwork:accessToken": { value: emulator.accessToken, secret: true },
    "passwork:refreshToken": { value: emulator.refreshToken, secret: true },
  });
  // The secrets the example declares in its Pulumi.yaml: the demo invents them once and keeps them
  // (what `npm run configure -- --emulator URL` does for a user's stack).
  const config = await stack.getAllConfig();
  for (const key of readProject(exampleDir).secretKeys) {
    if (config[`${projectName}:${key}`] === undefined)
      await stack.setConfig(`${projectName}:${key}`, { value: generatedSecret(), secret: true });
  }
  return stack;
}

async function main() {
  const root = pulumiRoot();
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  const emulator = await startEmulator(dirs.emulator);
  console.log(
    `demo: emulator at ${emulator.url}; running examples/infrastructure as stack ${projectName}/${stackName} (everything under .demo/)`,
  );
  try {
    require("ts-node").register({ transpileOnly: true, project: path.join(repoRoot, "tsconfig.json") });
    const auto = require("@pulumi/pulumi/automation");
    const stack = await openStack(auto, root, emulator);
    const result = await stack.up({ onOutput: (out) => process.stdout.write(out), color: "auto" });
    const changes = Object.entries(result.summary.resourceChanges ?? {}).filter(([op]) => op !== "same");
    console.log(
      `\ndemo: ${changes.length === 0 ? "no changes (already up to date)" : changes.map(([op, n]) => `${n} ${op}`).join(", ")}`,
    );
    const { effectiveAccess, ...outputs } = result.outputs;
    console.log("\nOutputs:");
    for (const [name, output] of Object.entries(outputs)) {
      console.log(
        `  ${name}: ${output.secret ? "[secret]" : JSON.stringify(output.value, null, 2).replace(/\n/g, "\n  ")}`,
      );
    }
    // The effective-access report (who can read what), when the example declares access.
    if (effectiveAccess !== undefined && typeof effectiveAccess.value === "string")
      console.log(`\nEffective access:\n\n${effectiveAccess.value}`);
    console.log("\nYour own stack of this example: examples/infrastructure/README.md");
  } finally {
    emulator.child.kill("SIGTERM");
  }
}

main().catch((error) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
