// Each example's README, followed as a user follows it: its shell blocks are read from the README and
// run line by line in the example directory, with two changes only — the emulator URL becomes the test's
// own emulator, and the stack name `dev` a name of this run (so a user's own `dev` stack and its
// Pulumi.dev.yaml are never touched). `pulumi up` / `pulumi destroy` run the project directory when
// pulumi-language-nodejs sits beside the CLI; without it (this machine) they run the same index.ts
// inline, on the stack and the stack config file the README's commands made.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import * as YAML from "yaml";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { RunningEmulator, startEmulator } from "../../emulator/server";
import { example, type ExampleName } from "./examples";
import { changingOps } from "./harness";
import { hasNodeLanguageHost, pulumiRoot, repoRoot } from "./pulumi-cli";
import { inventory, rawApi } from "./raw-passwork";

// Asynchronous: the emulator answering these commands runs in this process.
const exec = promisify(execFile);

/** The lines of every ```sh block of the example's README, one array per block (comments dropped). */
function readmeBlocks(name: ExampleName): string[][] {
  const text = fs.readFileSync(path.join(repoRoot, "examples", name, "README.md"), "utf8");
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    m[1]!
      .split("\n")
      .map((line) => line.replace(/\s+#.*$/, "").trim())
      .filter((line) => line !== "" && !line.startsWith("#")),
  );
}

/** The URL of the emulator the README starts (`npx pulumi-passwork-emulator --port N ...`). */
function documentedEmulatorUrl(name: ExampleName): string {
  const line = readmeBlocks(name)
    .flat()
    .find((l) => l.startsWith("npx pulumi-passwork-emulator "));
  const port = line?.match(/--port (\d+)/)?.[1];
  assert.ok(line && port, `examples/${name}/README.md shows how to start the emulator with a fixed --port`);
  return `http://127.0.0.1:${port}`;
}

interface Session {
  stackName: string;
  env: NodeJS.ProcessEnv;
  tmp: string;
  /** Change counts of each `pulumi up` / `pulumi destroy` the README ran, in order. */
  runs: { command: string; changes: Record<string, number> }[];
}

function newSession(): Session {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-passwork-readme-"));
  for (const dir of ["backend", "home"]) fs.mkdirSync(path.join(tmp, dir));
  const bin = path.join(pulumiRoot(), "bin");
  return {
    stackName: `readme-${process.pid}`,
    tmp,
    runs: [],
    env: {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${path.join(tmp, "backend")}`,
      PULUMI_HOME: path.join(tmp, "home"),
      PULUMI_CONFIG_PASSPHRASE: "readme-test-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    },
  };
}

/** The stack's outputs, as `pulumi stack output --json` prints them (secrets masked). */
async function stackOutputs(session: Session, name: ExampleName): Promise<Record<string, unknown>> {
  const { stdout } = await exec("pulumi", ["stack", "output", "--json", "--stack", session.stackName], {
    cwd: example(name).dir,
    env: session.env,
  });
  return JSON.parse(stdout);
}

/** The change summary of the stack's last update, as `pulumi stack history` keeps it. */
async function lastChanges(session: Session, cwd: string): Promise<Record<string, number>> {
  const { stdout } = await exec("pulumi", ["stack", "history", "--json", "--stack", session.stackName], {
    cwd,
    env: session.env,
  });
  return (JSON.parse(stdout)[0]?.resourceChanges ?? {}) as Record<string, number>;
}

/** The example's stack, run inline on the stack and config file the README's commands made. */
async function inlineStack(session: Session, name: ExampleName): Promise<Stack> {
  const ex = example(name);
  const workDir = path.join(session.tmp, `work-${name}`);
  fs.mkdirSync(workDir, { recursive: true });
  const configFile = `Pulumi.${session.stackName}.yaml`;
  fs.copyFileSync(path.join(ex.dir, configFile), path.join(workDir, configFile));
  const project = YAML.parse(fs.readFileSync(path.join(ex.dir, "Pulumi.yaml"), "utf8"));
  return LocalWorkspace.selectStack(
    { projectName: ex.projectName, stackName: session.stackName, program: ex.program() },
    {
      pulumiCommand: await PulumiCommand.get({ root: pulumiRoot() }),
      workDir,
      pulumiHome: session.env.PULUMI_HOME!,
      envVars: Object.fromEntries(
        Object.entries(session.env).filter(([k, v]) => k.startsWith("PULUMI_") && v !== undefined),
      ) as Record<string, string>,
      projectSettings: { ...project, main: ex.dir },
    },
  );
}

/** Runs one README block: `cd` moves, `pulumi up`/`destroy` go through the engine, the rest through bash. */
async function follow(
  session: Session,
  name: ExampleName,
  block: string[],
  emulator: { documented: string; url: string },
) {
  let cwd = repoRoot;
  for (const written of block) {
    const line = written.replaceAll(emulator.documented, emulator.url).replace(/\bdev\b/g, session.stackName);
    if (line.startsWith("cd ")) {
      cwd = path.resolve(cwd, line.slice(3));
      assert.strictEqual(cwd, example(name).dir, `the README works in examples/${name}`);
    } else if ((line === "pulumi up" || line === "pulumi destroy") && !hasNodeLanguageHost()) {
      const stack = await inlineStack(session, name);
      const result = line === "pulumi up" ? await stack.up() : await stack.destroy();
      session.runs.push({
        command: line,
        changes: (result.summary.resourceChanges ?? {}) as Record<string, number>,
      });
    } else {
      const engine = line === "pulumi up" || line === "pulumi destroy";
      await exec("bash", ["-c", engine ? `${line} --yes` : line], { cwd, env: session.env });
      if (engine) session.runs.push({ command: line, changes: await lastChanges(session, cwd) });
    }
  }
}

const created = (run: Session["runs"][number]) => run.changes["create"] ?? 0;
const changes = (run: Session["runs"][number]) =>
  changingOps.reduce((n, op) => n + (run.changes[op] ?? 0), 0);

describe("engine: the example READMEs, followed as written", function () {
  this.timeout(300_000);

  describe("infrastructure, then consumer (one emulator)", () => {
    let emulator: RunningEmulator;
    let url: { documented: string; url: string };
    let session: Session;
    let before_: string[];
    before(async () => {
      emulator = await startEmulator({ port: 0, logErrors: false });
      url = { documented: documentedEmulatorUrl("infrastructure"), url: emulator.url };
      session = newSession();
      before_ = await inventory(rawApi(emulator.url, emulator.adminTokens.accessToken));
    });
    after(async () => {
      for (const name of ["infrastructure", "consumer"] as const)
        fs.rmSync(path.join(repoRoot, "examples", name, `Pulumi.${session.stackName}.yaml`), { force: true });
      fs.rmSync(session.tmp, { recursive: true, force: true });
      await emulator?.close();
    });

    it("infrastructure: stack init, configure, up; a second up changes nothing", async () => {
      const [, userPath] = readmeBlocks("infrastructure");
      assert.deepStrictEqual(userPath?.slice(-1), ["pulumi up"]);
      await follow(session, "infrastructure", userPath!, url);
      assert.ok(created(session.runs[0]!) > 30, JSON.stringify(session.runs[0]!.changes));
      const outputs = await stackOutputs(session, "infrastructure");
      assert.match(String(outputs["vaultId"]), /^[0-9a-f]{24}$/);
      // "A second `pulumi up` changes nothing."
      await follow(session, "infrastructure", ["cd examples/infrastructure", "pulumi up"], url);
      assert.strictEqual(changes(session.runs[1]!), 0, JSON.stringify(session.runs[1]!.changes));
    });

    it("consumer: reads the infrastructure stack and the production database secrets", async () => {
      const [userPath, teardown] = readmeBlocks("consumer");
      await follow(session, "consumer", userPath!, url);
      const outputs = await stackOutputs(session, "consumer");
      assert.deepStrictEqual([...(outputs["databaseEnvNames"] as string[])].sort(), [
        "MEMCACHED_SERVERS",
        "MYSQL_HOST",
        "MYSQL_ROOT_PASS",
        "memcached_sessions",
        "mysql_primary",
      ]);
      assert.strictEqual(outputs["databaseEnv"], "[secret]");
      await follow(session, "consumer", ["cd examples/consumer", ...teardown!], url);
      assert.ok(!fs.existsSync(path.join(example("consumer").dir, `Pulumi.${session.stackName}.yaml`)));
    });

    it("infrastructure: destroy and stack rm leave the server and the directory as before", async () => {
      const teardown = readmeBlocks("infrastructure").at(-1)!;
      assert.deepStrictEqual(teardown, ["pulumi destroy", "pulumi stack rm --yes dev"]);
      await follow(session, "infrastructure", ["cd examples/infrastructure", ...teardown], url);
      const destroyed = session.runs.at(-1)!;
      assert.strictEqual(destroyed.changes["delete"], created(session.runs[0]!));
      assert.deepStrictEqual(
        await inventory(rawApi(emulator.url, emulator.adminTokens.accessToken)),
        before_,
      );
      assert.ok(!fs.existsSync(path.join(example("infrastructure").dir, `Pulumi.${session.stackName}.yaml`)));
    });
  });

  describe("layout (its own emulator)", () => {
    let emulator: RunningEmulator;
    let session: Session;
    before(async () => {
      emulator = await startEmulator({ port: 0, logErrors: false });
      session = newSession();
    });
    after(async () => {
      fs.rmSync(path.join(repoRoot, "examples", "layout", `Pulumi.${session.stackName}.yaml`), {
        force: true,
      });
      fs.rmSync(session.tmp, { recursive: true, force: true });
      await emulator?.close();
    });

    it("stack init, configure, up, then destroy and stack rm", async () => {
      const url = { documented: documentedEmulatorUrl("layout"), url: emulator.url };
      const blocks = readmeBlocks("layout");
      const userPath = blocks.find((b) => b[0] === "cd examples/layout")!;
      await follow(session, "layout", userPath, url);
      assert.ok(created(session.runs[0]!) > 30, JSON.stringify(session.runs[0]!.changes));
      await follow(session, "layout", ["cd examples/layout", ...blocks.at(-1)!], url);
      assert.strictEqual(session.runs.at(-1)!.changes["delete"], created(session.runs[0]!));
      assert.ok(!fs.existsSync(path.join(example("layout").dir, `Pulumi.${session.stackName}.yaml`)));
    });
  });
});
