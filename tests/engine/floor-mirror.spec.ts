// The benchmark's same-resources floor (bench/floor/mirror.ts) stores what our resources store: per kind, the
// same input keys, output keys, secret values and secret outputs in the state, for the same program.
// If a resource gains a property, an output or a secret, this fails until the mirror follows.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { mirrorLayout, passworkLayout, resourceCount, type LayoutOptions } from "../../bench/layouts";
import { openEngineStack, stateResources, type EngineStack } from "./harness";

/** The key of Pulumi's secret signature in a stored value: `{"4dabf18193072939515e22adb298388d": <secret sig>, ciphertext}`. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function secretCount(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + secretCount(v), 0);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) return 1;
    return Object.values(o).reduce((n: number, v) => n + secretCount(v), 0);
  }
  return 0;
}

const keysOf = (o: unknown): string =>
  Object.keys((o ?? {}) as object)
    .sort()
    .join(",");
const distinct = (xs: (string | number)[]): (string | number)[] => [...new Set(xs)].sort();

/** Per kind (the type's last segment): resource count, and the distinct key sets and secret counts. */
function shapes(deployment: unknown): Record<string, unknown> {
  const byKind = new Map<string, any[]>();
  for (const r of stateResources(deployment)) {
    const kind = String(r.type).split(":").pop() as string;
    byKind.set(kind, [...(byKind.get(kind) ?? []), r]);
  }
  const out: Record<string, unknown> = {};
  for (const [kind, rs] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
    out[kind] = {
      resources: rs.length,
      inputKeys: distinct(rs.map((r) => keysOf(r.inputs))),
      outputKeys: distinct(rs.map((r) => keysOf(r.outputs))),
      inputSecrets: distinct(rs.map((r) => secretCount(r.inputs))),
      outputSecrets: distinct(rs.map((r) => secretCount(r.outputs))),
      additionalSecretOutputs: distinct(
        rs.map((r) => [...(r.additionalSecretOutputs ?? [])].sort().join(",")),
      ),
      propertyDependencies: distinct(rs.map((r) => keysOf(r.propertyDependencies))),
    };
  }
  return out;
}

/**
 * The program as an inline program that also records, per kind, the properties each resource declares
 * (the props object handed to the constructor, undefined ones included: each costs the program process
 * the same whether it is set or computed). A stack transformation sees them; it changes nothing.
 */
function recorded(
  program: () => () => Promise<Record<string, unknown>>,
  declared: Map<string, Set<string>>,
): () => Promise<Record<string, unknown>> {
  return async () => {
    pulumi.runtime.registerStackTransformation((a) => {
      const kind = a.type.split(":").pop() as string;
      declared.set(kind, (declared.get(kind) ?? new Set()).add(keysOf(a.props)));
      return undefined;
    });
    return program()();
  };
}

const sorted = (declared: Map<string, Set<string>>) =>
  Object.fromEntries(
    [...declared].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]),
  );

describe("engine: the benchmark's same-resources floor", function () {
  this.timeout(120_000);
  const records = 10;
  let emulator: RunningEmulator;
  let ours: EngineStack;
  let mirror: EngineStack;
  // Read at every operation (the inline programs call the layouts with it).
  let options: LayoutOptions;
  const declared = { ours: new Map<string, Set<string>>(), mirror: new Map<string, Set<string>>() };

  before(async () => {
    emulator = await startEmulator({ port: 0, logErrors: false });
    const grantee = await emulator.seedUser({ login: "svc-bench", isServiceAccount: true, role: "user" });
    options = { records, runId: Date.now().toString(36), grantee: grantee.id };
    const { accessToken, refreshToken } = emulator.adminTokens;
    ours = await openEngineStack({
      projectName: "bench-passwork",
      program: recorded(() => passworkLayout(options), declared.ours),
      config: {
        "passwork:host": { value: emulator.url },
        "passwork:accessToken": { value: accessToken, secret: true },
        "passwork:refreshToken": { value: refreshToken, secret: true },
      },
    });
    mirror = await openEngineStack({
      projectName: "bench-mirror",
      program: recorded(() => mirrorLayout(options), declared.mirror),
    });
  });
  after(async () => {
    await ours?.dispose();
    await mirror?.dispose();
    await emulator?.close();
  });

  it("stores, per kind, the same input keys, output keys and secrets as our resources", async () => {
    const created = { ours: await ours.up(), mirror: await mirror.up() };
    assert.deepStrictEqual(created.ours.summary, { create: resourceCount(records) + 1 });
    assert.deepStrictEqual(created.mirror.summary, { create: resourceCount(records) + 1 });
    const ourShapes = shapes(await ours.exportState());
    const mirrorShapes = shapes(await mirror.exportState());
    assert.deepStrictEqual(Object.keys(ourShapes), ["FolderAccess", "Folder", "Record", "Vault"].sort());
    // Not vacuous: records carry secrets in inputs and outputs.
    assert.deepStrictEqual((ourShapes["Record"] as { outputSecrets: number[] }).outputSecrets, [3]);
    assert.deepStrictEqual(mirrorShapes, ourShapes);
    // The program side: the same declared properties (the state shows only those with a value).
    assert.deepStrictEqual(sorted(declared.ours)["Record"], [
      "__provider,color,customFields,description,drifted,envVars,fingerprints,folderId,login,name,password,path,tags,url,vaultId",
    ]);
    assert.deepStrictEqual(sorted(declared.mirror), sorted(declared.ours));
  });

  it("a second up changes nothing in either, and one changed record is one update in both", async () => {
    for (const stack of [ours, mirror]) {
      const again = await stack.up();
      assert.deepStrictEqual(again.summary, { same: resourceCount(records) + 1 });
    }
    options = { ...options, changedRecord: 3 };
    for (const stack of [ours, mirror]) {
      const preview = await stack.preview();
      assert.deepStrictEqual(preview.summary, { same: resourceCount(records), update: 1 });
    }
  });
});
