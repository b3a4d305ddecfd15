#!/usr/bin/env node
// `npm run demo`: the reference layout, provisioned for real against a local Passwork emulator.
//
//   1. starts the emulator CLI with a data directory (.demo/data) and takes the admin token it prints;
//   2. runs `pulumi up` of the root project (examples/infrastructure) with a local file:// backend
//      (.demo/state) and a passphrase, through the Automation API: as a project directory when
//      pulumi-language-nodejs was built beside the CLI, else as an inline program in this process;
//   3. prints the outputs (and the effective-access report once the sdk has it).
// Running it again changes nothing: same data directory, same state, and the second up reports 0 changes.
"use strict";
const { spawn, spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const readline = require("readline");

const repoRoot = path.resolve(__dirname, "..");
const demoDir = path.join(repoRoot, ".demo");
const projectName = "pulumi-passwork-demo";
const stackName = "dev";
const passphrase = process.env.PULUMI_CONFIG_PASSPHRASE ?? "pulumi-passwork-demo (local demo only)";

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
  const envVars = {
    PULUMI_BACKEND_URL: `file://${path.join(demoDir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  const common = {
    pulumiCommand: await auto.PulumiCommand.get({ root }),
    pulumiHome: path.join(demoDir, "home"),
    envVars,
  };
  let stack;
  if (fs.existsSync(path.join(root, "bin", "pulumi-language-nodejs"))) {
    console.log("demo: running the root project directory (pulumi-language-nodejs is available)");
    stack = await auto.LocalWorkspace.createOrSelectStack({ stackName, workDir: repoRoot }, common);
  } else {
    console.log(
      "demo: running examples/infrastructure as an inline program (no pulumi-language-nodejs beside the CLI)",
    );
    const { infrastructureProgram } = require(
      path.join(repoRoot, "examples", "infrastructure", "program.ts"),
    );
    const workDir = path.join(demoDir, "work");
    fs.mkdirSync(workDir, { recursive: true });
    stack = await auto.LocalWorkspace.createOrSelectStack(
      { projectName, stackName, program: infrastructureProgram() },
      // main = the repository root: the dynamic-provider plugin runs there and resolves pulumi-passwork.
      { ...common, workDir, projectSettings: { name: projectName, runtime: "nodejs", main: repoRoot } },
    );
  }
  await stack.setAllConfig({
    "passwork:host": { value: emulator.url },
    "passwork:accessToken": { value: emulator.accessToken, secret: true },
    "passwork:refreshToken": { value: emulator.refreshToken, secret: true },
  });
  // The example reads externally issued secrets from stack config; the demo invents them once and keeps them.
  const { secretKeys } = require(path.join(repoRoot, "examples", "infrastructure", "layout.ts"));
  const config = await stack.getAllConfig();
  for (const key of secretKeys) {
    if (config[`${projectName}:${key}`] === undefined) {
      await stack.setConfig(`${projectName}:${key}`, {
        value: crypto.randomBytes(18).toString("base64url"),
        secret: true,
      });
    }
  }
  return stack;
}

async function main() {
  const root = pulumiRoot();
  fs.mkdirSync(path.join(demoDir, "data"), { recursive: true });
  fs.mkdirSync(path.join(demoDir, "state"), { recursive: true });
  const emulator = await startEmulator(path.join(demoDir, "data"));
  console.log(`demo: emulator at ${emulator.url} (data in .demo/data, state in .demo/state)`);
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
  } finally {
    emulator.child.kill("SIGTERM");
  }
}

main().catch((error) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
