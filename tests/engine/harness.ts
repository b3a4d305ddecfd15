// Drives Pulumi programs through the real CLI with the Automation API: a local file backend, a
// passphrase, an isolated PULUMI_HOME, no update check and no plugin downloads. Every operation returns
// the engine's change summary, its events and its output; every byte the engine printed is kept so tests
// can scan it for secrets.
//
// Two things the engine imposes:
// - the dynamic-provider plugin runs with the project's `main` as its cwd, so `mainDir` must resolve
//   `@pulumi/pulumi` and `pulumi-passwork` (the repository root does, through the workspace symlink);
// - an inline program runs in this process on Pulumi's process-global runtime, so operations are
//   serialized here: one at a time per process, whatever the caller does.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  ConfigMap,
  EngineEvent,
  LocalWorkspace,
  OpType,
  PulumiCommand,
  PulumiFn,
  Stack,
  StepEventMetadata,
} from "@pulumi/pulumi/automation";
import { promisify } from "util";
import { hasNodeLanguageHost, pulumiRoot, repoRoot } from "./pulumi-cli";

const execFileAsync = promisify(execFile);

export interface EngineStackOptions {
  /** Project name (first part of every URN). */
  projectName: string;
  stackName?: string;
  /** An inline program, run inside this process (needs no language host). */
  program?: PulumiFn;
  /** A project directory holding Pulumi.yaml, run by `pulumi-language-nodejs` (only if it was built). */
  projectDir?: string;
  /** cwd of the dynamic-provider plugin for inline programs; defaults to the repository root. */
  mainDir?: string;
  /** File-backend directory; pass the same one to reopen a stack (e.g. from another checkout). */
  stateDir?: string;
  passphrase?: string;
  /** Stack config, e.g. `{"passwork:accessToken": {value, secret: true}}`. */
  config?: ConfigMap;
  /** Extra environment for the CLI and the plugins it starts. */
  env?: Record<string, string>;
  /** `--logtostderr -v=9` on every operation (the engine's full RPC log lands in the collected output). */
  verbose?: boolean;
}

export interface EngineRun {
  /** The engine's change summary: op → number of resources (e.g. `{same: 9, update: 1}`). */
  summary: Partial<Record<OpType, number>>;
  /** Every engine event of the operation. */
  events: EngineEvent[];
  /** The step metadata of each resource the engine visited (from resourcePreEvent). */
  steps: StepEventMetadata[];
  stdout: string;
  stderr: string;
  /** Stack outputs after `up` (values unwrapped, secrets in plaintext: this is the caller's view). */
  outputs?: Record<string, unknown>;
}

export interface EngineStack {
  readonly stack: Stack;
  readonly stateDir: string;
  readonly passphrase: string;
  up(): Promise<EngineRun>;
  preview(): Promise<EngineRun>;
  refresh(): Promise<EngineRun>;
  destroy(): Promise<EngineRun>;
  /** The deployment as stored (secrets encrypted): what `pulumi stack export` prints. */
  exportState(): Promise<any>;
  /** The deployment with secrets decrypted (`--show-secrets`, Automation API's exportStack). */
  exportStateWithSecrets(): Promise<any>;
  /**
   * Everything the engine printed so far: stdout, stderr and the JSON of every event. Debug-severity
   * diagnostics are left out unless asked for: @pulumi/pulumi's own runtime logs every
   * RegisterResource response at debug level (runtime/resource.js "RPC finished ... resp: ..."),
   * secret outputs included in plaintext; a user sees them only with `--debug`. That is upstream
   * behaviour no provider can change, so scans of our output skip it and say so.
   */
  collectedOutput(options?: { includeDebug?: boolean }): string;
  /** Removes the temporary directories this harness made (not a caller-supplied stateDir). */
  dispose(): Promise<void>;
}

/** Operations that change something; `same`, `read` and `refresh` do not. */
export const changingOps: readonly OpType[] = [
  "create",
  "update",
  "delete",
  "replace",
  "create-replacement",
  "delete-replaced",
  "import",
  "import-replacement",
  "discard",
  "discard-replaced",
  "remove-pending-replace",
];

export function changeCount(run: EngineRun): number {
  return changingOps.reduce((sum, op) => sum + (run.summary[op] ?? 0), 0);
}

/** @pulumi/pulumi runtime debug messages that print resource inputs/outputs, secrets unmasked. */
const sdkDebugLine =
  /(RegisterResource|RegisterResourceOutputs|ReadResource|Invoke|Call) RPC (prepared|finished)/;

let queue: Promise<unknown> = Promise.resolve();
/** Runs `task` after every operation queued before it (one inline operation at a time per process). */
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task, task);
  queue = result.catch(() => undefined);
  return result;
}

export async function openEngineStack(options: EngineStackOptions): Promise<EngineStack> {
  if ((options.program === undefined) === (options.projectDir === undefined)) {
    throw new Error("openEngineStack: give exactly one of `program` (inline) or `projectDir`.");
  }
  const root = pulumiRoot();
  if (options.projectDir !== undefined && !hasNodeLanguageHost(root)) {
    throw new Error(
      `openEngineStack: running a project directory needs pulumi-language-nodejs beside ${root}/bin/pulumi; use an inline program instead.`,
    );
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-passwork-engine-"));
  const stateDir = options.stateDir ?? path.join(tmp, "state");
  const home = path.join(tmp, "home");
  const workDir = options.projectDir ?? path.join(tmp, "work");
  for (const dir of [stateDir, home, workDir]) fs.mkdirSync(dir, { recursive: true });
  const passphrase = options.passphrase ?? "engine-test-passphrase";
  const stackName = options.stackName ?? "test";

  const pulumiCommand = await PulumiCommand.get({ root });
  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ...options.env,
  };
  const wsOptions = { pulumiCommand, workDir, pulumiHome: home, envVars };
  const stack = await serialized(() =>
    options.program !== undefined
      ? LocalWorkspace.createOrSelectStack(
          { projectName: options.projectName, stackName, program: options.program },
          {
            ...wsOptions,
            projectSettings: {
              name: options.projectName,
              runtime: "nodejs",
              main: options.mainDir ?? repoRoot,
            },
          },
        )
      : LocalWorkspace.createOrSelectStack({ stackName, workDir }, wsOptions),
  );
  if (options.config !== undefined) await stack.setAllConfig(options.config);

  const collected: { text: string; debug: boolean }[] = [];
  const collect = (text: string, debug = false) => collected.push({ text, debug });
  const logOptions = options.verbose ? { logToStdErr: true, logVerbosity: 9 } : {};

  async function run(kind: "up" | "preview" | "refresh" | "destroy"): Promise<EngineRun> {
    return serialized(async () => {
      const events: EngineEvent[] = [];
      const onEvent = (event: EngineEvent) => {
        events.push(event);
        collect(JSON.stringify(event), (event.diagnosticEvent?.severity as string | undefined) === "debug");
      };
      const common = { onEvent, color: "never" as const, ...logOptions };
      let result: {
        stdout: string;
        stderr: string;
        summary?: { resourceChanges?: Record<string, number> };
        changeSummary?: Record<string, number>;
        outputs?: Record<string, { value: unknown }>;
      };
      try {
        if (kind === "up") result = await stack.up(common);
        else if (kind === "preview") result = await stack.preview({ ...common, diff: true });
        else if (kind === "refresh") result = await stack.refresh(common);
        else result = await stack.destroy(common);
      } catch (error) {
        collect(String((error as Error).message));
        throw error;
      }
      collect(result.stdout);
      // With -v=9 the engine's log repeats the SDK's debug lines (see collectedOutput); mark them alike.
      for (const line of result.stderr.split("\n")) collect(line, sdkDebugLine.test(line));
      const summary = (result.changeSummary ?? result.summary?.resourceChanges ?? {}) as EngineRun["summary"];
      const steps = events.flatMap((e) => (e.resourcePreEvent ? [e.resourcePreEvent.metadata] : []));
      const outputs = result.outputs
        ? Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value]))
        : undefined;
      return {
        summary,
        events,
        steps,
        stdout: result.stdout,
        stderr: result.stderr,
        ...(outputs ? { outputs } : {}),
      };
    });
  }

  return {
    stack,
    stateDir,
    passphrase,
    up: () => run("up"),
    preview: () => run("preview"),
    refresh: () => run("refresh"),
    destroy: () => run("destroy"),
    exportState: async () => {
      // The Automation API's exportStack adds --show-secrets; the stored form needs the plain command.
      const env = { ...process.env, ...envVars, PULUMI_HOME: home };
      const args = ["stack", "export", "--stack", stackName, "--non-interactive"];
      const result = await serialized(() =>
        execFileAsync(path.join(root, "bin", "pulumi"), args, {
          cwd: workDir,
          env,
          maxBuffer: 256 * 1024 * 1024,
        }),
      );
      return JSON.parse(result.stdout).deployment;
    },
    exportStateWithSecrets: async () => (await serialized(() => stack.exportStack())).deployment,
    collectedOutput: (opts) =>
      collected
        .filter((c) => opts?.includeDebug || !c.debug)
        .map((c) => c.text)
        .join("\n"),
    dispose: async () => {
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Resources of the exported deployment, without the stack and the default providers. */
export function stateResources(deployment: any): any[] {
  return (deployment?.resources ?? []).filter(
    (r: any) => r.type !== "pulumi:pulumi:Stack" && !String(r.type).startsWith("pulumi:providers:"),
  );
}

/** Every needle that occurs verbatim in `haystack` (for secret scans of state and engine output). */
export function leakedSecrets(haystack: string, needles: readonly string[]): string[] {
  return needles.filter((needle) => needle.length > 0 && haystack.includes(needle));
}

/**
 * The input properties a step changes, named as the engine prints them in a diff (`~ value`). Dynamic
 * providers send no changed-key list, so the engine's event carries none; it compares the old and new
 * inputs for display, and so does this (without `__provider`, whose text is no change).
 */
export function changedInputKeys(step: StepEventMetadata): string[] {
  const olds = (step.old?.inputs ?? {}) as Record<string, unknown>;
  const news = (step.new?.inputs ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  keys.delete("__provider");
  return [...keys].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
}
