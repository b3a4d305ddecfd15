// Runs inline Pulumi programs through the real CLI with the pulumi-passwork policy pack, against an
// in-process emulator: a file backend, a passphrase, an isolated PULUMI_HOME (like tests/engine/harness,
// plus `policyPacks` / `policyPackConfigs`). Every policy event of an operation is returned, so a test
// can assert each violation's rule and message, and whether the operation went through.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  ConfigMap,
  EngineEvent,
  LocalWorkspace,
  PulumiCommand,
  PulumiFn,
  Stack,
} from "@pulumi/pulumi/automation";
import { RunningEmulator, startEmulator } from "../../emulator/server";
import { hasNodeLanguageHost, pulumiRoot, repoRoot } from "../engine/pulumi-cli";

/**
 * The pack as the CLI is pointed at it: the package's policy folder when the Node language host is
 * installed (a normal CLI), otherwise the folder's executable launcher (docs/policy.md, "Launching").
 */
export function policyPackPath(): string {
  const dir = path.join(repoRoot, "policy");
  return hasNodeLanguageHost(pulumiRoot()) ? dir : path.join(dir, "run-policy-pack");
}

export interface Violation {
  policyName: string;
  message: string;
  /** "mandatory" or "advisory". */
  level: string;
  urn?: string;
}

export interface PolicyRun {
  ok: boolean;
  violations: Violation[];
  /** The CLI's error text when the operation failed. */
  error?: string;
  /** Resources the operation created (0 for a preview). */
  created: number;
}

export interface PolicyStack {
  preview(config?: object): Promise<PolicyRun>;
  up(config?: object): Promise<PolicyRun>;
  /** Preview without the pack (the benchmark's baseline). */
  previewWithoutPack(): Promise<PolicyRun>;
  dispose(): Promise<void>;
}

export interface PolicyFixture {
  emulator: RunningEmulator;
  /** Provider settings for the stack config. */
  config: ConfigMap;
  close(): Promise<void>;
}

export async function startPolicyFixture(): Promise<PolicyFixture> {
  const emulator = await startEmulator({ port: 0, logErrors: false });
  const { accessToken, refreshToken } = emulator.adminTokens;
  return {
    emulator,
    config: {
      "passwork:host": { value: emulator.url },
      "passwork:accessToken": { value: accessToken, secret: true },
      "passwork:refreshToken": { value: refreshToken, secret: true },
    },
    close: () => emulator.close(),
  };
}

/** Opens an inline stack; `program` runs at every operation. */
export async function openPolicyStack(
  projectName: string,
  program: PulumiFn,
  config: ConfigMap,
): Promise<PolicyStack> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-passwork-policy-"));
  const dirs = { state: path.join(tmp, "state"), home: path.join(tmp, "home"), work: path.join(tmp, "work") };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot() });
  const stack: Stack = await LocalWorkspace.createOrSelectStack(
    { projectName, stackName: "test", program },
    {
      pulumiCommand,
      workDir: dirs.work,
      pulumiHome: dirs.home,
      envVars: {
        PULUMI_BACKEND_URL: `file://${dirs.state}`,
        PULUMI_CONFIG_PASSPHRASE: "policy-test-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      },
      projectSettings: { name: projectName, runtime: "nodejs", main: repoRoot },
    },
  );
  await stack.setAllConfig(config);
  let configFiles = 0;

  async function run(kind: "preview" | "up", withPack: boolean, packConfig?: object): Promise<PolicyRun> {
    const events: EngineEvent[] = [];
    const options: Record<string, unknown> = { onEvent: (e: EngineEvent) => events.push(e), color: "never" };
    if (withPack) {
      options["policyPacks"] = [policyPackPath()];
      if (packConfig !== undefined) {
        const file = path.join(tmp, `policy-config-${++configFiles}.json`);
        fs.writeFileSync(file, JSON.stringify(packConfig));
        options["policyPackConfigs"] = [file];
      }
    }
    let ok = true;
    let error: string | undefined;
    let created = 0;
    try {
      const result: any = kind === "up" ? await stack.up(options) : await stack.preview(options);
      created = kind === "up" ? (result.summary?.resourceChanges?.create ?? 0) : 0;
    } catch (err) {
      ok = false;
      error = String((err as Error).message);
    }
    const violations = events.flatMap((e) =>
      e.policyEvent
        ? [
            {
              policyName: e.policyEvent.policyName,
              message: e.policyEvent.message,
              level: e.policyEvent.enforcementLevel,
              ...(e.policyEvent.resourceUrn ? { urn: e.policyEvent.resourceUrn } : {}),
            },
          ]
        : [],
    );
    return { ok, violations, created, ...(error !== undefined ? { error } : {}) };
  }

  return {
    preview: (config) => run("preview", true, config),
    up: (config) => run("up", true, config),
    previewWithoutPack: () => run("preview", false),
    dispose: async () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}
