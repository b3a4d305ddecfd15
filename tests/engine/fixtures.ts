// Shared setup of the engine specs that run the reference example: one in-process emulator per spec
// file, known random secrets for the example's config, and the needles a secret scan looks for.
import * as crypto from "crypto";
import { ConfigMap } from "@pulumi/pulumi/automation";
import { EmulatorOptions, RunningEmulator, startEmulator } from "../../emulator/server";
import {
  FolderPath,
  folderPaths,
  groups,
  records,
  RecordSpec,
  secretKeys,
  serviceAccounts,
} from "../../examples/infrastructure/layout";
import { example } from "./examples";
import { EngineStack, openEngineStack } from "./harness";
import { rawApi, RawApi } from "./raw-passwork";

/** examples/infrastructure, the project `pulumi up` runs in that directory. */
export const infrastructure = example("infrastructure");
export const infraProject = infrastructure.projectName;

/** What a test changes in the example's data (examples/infrastructure/layout.ts) before a run. */
export interface InfrastructureOptions {
  /** Replaces the records of layout.ts (tests change one field this way). */
  records?: RecordSpec[];
  /** Display names per folder path (a rename keeps the resource: same logical name, new `name`). */
  folderNames?: Partial<Record<FolderPath, string>>;
}

/** The example's program with `options` applied to its layout.ts. */
export function infrastructureProgram(options: InfrastructureOptions = {}) {
  return infrastructure.program((load) => {
    const layout = load("layout");
    if (options.records !== undefined) layout.records = options.records;
    if (options.folderNames !== undefined) layout.folderNames = options.folderNames;
  });
}

/** Resources the reference example declares: vault, folders, records, service accounts, grants. */
const principals = [...serviceAccounts, ...groups];
export const infraResourceCount =
  1 +
  folderPaths.length +
  records.length +
  principals.length +
  principals.reduce((n, p) => n + p.grants.length, 0);

export interface InfraFixture {
  emulator: RunningEmulator;
  api: RawApi;
  /** Stack config: provider settings and the example's secrets. */
  config: ConfigMap;
  /** Values that must never appear in plaintext in state or engine output. */
  secrets: string[];
  close(): Promise<void>;
}

/** `emulatorOptions`: e.g. `{accessEndpoints: false}` for a server without the access protocol. */
export async function startInfraFixture(emulatorOptions: EmulatorOptions = {}): Promise<InfraFixture> {
  const emulator = await startEmulator({ port: 0, logErrors: false, ...emulatorOptions });
  const { accessToken, refreshToken } = emulator.adminTokens;
  const config: ConfigMap = {
    "passwork:host": { value: emulator.url },
    "passwork:accessToken": { value: accessToken, secret: true },
    "passwork:refreshToken": { value: refreshToken, secret: true },
  };
  const secrets = [accessToken, refreshToken];
  for (const key of secretKeys) {
    const value = `${key}-${crypto.randomBytes(12).toString("hex")}`;
    config[`${infraProject}:${key}`] = { value, secret: true };
    secrets.push(value);
  }
  return { emulator, api: rawApi(emulator.url, accessToken), config, secrets, close: () => emulator.close() };
}

/**
 * Opens the reference example as an inline stack. `options()` is read at every operation, so a test
 * changes the declared layout by reassigning what it returns.
 */
export function openInfraStack(
  fixture: InfraFixture,
  options: () => InfrastructureOptions,
  extra: { stateDir?: string; mainDir?: string; stackName?: string } = {},
): Promise<EngineStack> {
  return openEngineStack({
    projectName: infraProject,
    program: () => infrastructureProgram(options())(),
    config: fixture.config,
    mainDir: infrastructure.dir,
    ...extra,
  });
}

/** Generated passwords and custom-field values, read from the decrypted state (they are secrets too). */
export function secretsInState(deployment: any): string[] {
  const found: string[] = [];
  for (const r of deployment?.resources ?? []) {
    if (r.type !== "pulumi-nodejs:dynamic/passwork:Record") continue;
    const outputs = r.outputs ?? {};
    const plain = (v: any) => (v && typeof v === "object" && "plaintext" in v ? JSON.parse(v.plaintext) : v);
    const password = plain(outputs.password);
    if (typeof password === "string" && password !== "") found.push(password);
    for (const field of Object.values(plain(outputs.customFields) ?? {}) as {
      value: string;
      type: string;
    }[]) {
      if (field.type !== "text" && field.value !== "") found.push(field.value);
    }
  }
  return found;
}
