/**
 * How many bytes each resource takes in the state: the file backend rewrites the whole state file at
 * every step, so the time of an `up` from empty grows with (steps × state size).
 *
 * Measured on the stored form (`pulumi stack export`: secrets as ciphertext), one resource entry as
 * compact JSON, grouped by the resource's role in the bench layouts (bench/layouts.ts names every
 * resource the same way in ours and both floors: `vault`, `folder-<i>`, `grant-<i>`, `record-<i>`).
 * `providerBytes` is the part that is the stored provider text (`inputs.__provider` + `outputs.__provider`).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export type Role = "vault" | "folder" | "grant" | "record";

export interface RoleBytes {
  resources: number;
  /** Mean bytes of one resource entry (compact JSON of the exported entry). */
  bytesPerResource: number;
  /** Mean bytes of its `__provider` texts (inputs and outputs together). */
  providerBytes: number;
}

export interface StateSize {
  /** Bytes of the stack's state file as the backend stores it (what every checkpoint rewrites); 0 if not found. */
  fileBytes: number;
  byRole: Partial<Record<Role, RoleBytes>>;
}

const roleOf = (name: string): Role | undefined => {
  const role = name.replace(/-\d+$/, "");
  return role === "vault" || role === "folder" || role === "grant" || role === "record" ? role : undefined;
};

const textBytes = (v: unknown): number => (typeof v === "string" ? Buffer.byteLength(v) : 0);

/** Bytes per resource by role, from an exported deployment (`EngineStack.exportState()`). */
export function stateSizeByRole(deployment: any): StateSize["byRole"] {
  const sums: Partial<Record<Role, { n: number; bytes: number; provider: number }>> = {};
  for (const r of deployment?.resources ?? []) {
    const name =
      String(r.urn ?? "")
        .split("::")
        .pop() ?? "";
    const role = roleOf(name);
    if (!role || r.custom !== true) continue;
    const s = (sums[role] ??= { n: 0, bytes: 0, provider: 0 });
    s.n++;
    s.bytes += Buffer.byteLength(JSON.stringify(r));
    s.provider += textBytes(r.inputs?.__provider) + textBytes(r.outputs?.__provider);
  }
  return Object.fromEntries(
    Object.entries(sums).map(([role, s]) => [
      role,
      {
        resources: s.n,
        bytesPerResource: Math.round(s.bytes / s.n),
        providerBytes: Math.round(s.provider / s.n),
      },
    ]),
  );
}

/** The state file of `stack` under a file backend directory (`.pulumi/stacks/<project>/<stack>.json`). */
export function stateFileBytes(stateDir: string, stackName: string): number {
  const stacks = path.join(stateDir, ".pulumi", "stacks");
  if (!fs.existsSync(stacks)) return 0;
  for (const project of fs.readdirSync(stacks)) {
    const file = path.join(stacks, project, `${stackName}.json`);
    if (fs.existsSync(file)) return fs.statSync(file).size;
  }
  return 0;
}

export async function measureStateSize(stack: {
  stateDir: string;
  stack: { name: string };
  exportState(): Promise<any>;
}): Promise<StateSize> {
  return {
    fileBytes: stateFileBytes(stack.stateDir, stack.stack.name),
    byRole: stateSizeByRole(await stack.exportState()),
  };
}

/**
 * `ts-node --transpile-only bench/state-size.ts [--records 10] [--checkout DIR]`: only the state size of
 * the bench layout after `up` from empty (then destroy), for this checkout or for the built checkout DIR
 * (its own bench/layouts.ts program and its own dist/, e.g. an earlier commit made with
 * tests/engine/old-build.ts), to compare two versions by the same measure.
 */
async function main(): Promise<void> {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const records = Number(arg("--records") ?? "10");
  const checkout = path.resolve(arg("--checkout") ?? path.join(__dirname, ".."));
  const { openEngineStack } = await import("../tests/engine/harness");
  const { startEmulatorProcess } = await import("./emulator-child");
  const layouts = require(path.join(checkout, "bench", "layouts.ts"));
  const emu = await startEmulatorProcess();
  const options = { records, runId: Date.now().toString(36), grantee: emu.granteeId };
  const stack = await openEngineStack({
    projectName: "bench-state-size",
    program: layouts.passworkLayout(options),
    mainDir: checkout,
    config: {
      "passwork:host": { value: emu.url },
      "passwork:accessToken": { value: emu.accessToken, secret: true },
      "passwork:refreshToken": { value: emu.refreshToken, secret: true },
    },
  });
  try {
    await stack.up();
    process.stdout.write(
      `${JSON.stringify({ checkout, records, ...(await measureStateSize(stack)) }, null, 2)}\n`,
    );
    await stack.destroy();
  } finally {
    await stack.dispose();
    emu.close();
  }
}

if (require.main === module)
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`state-size: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
