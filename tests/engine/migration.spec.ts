// A stack made by the version before the small stored provider (commit BEFORE: closure-serialized shims
// in `__provider`) is taken over by this checkout: the next `up` shows 0 changes and sends 0 writes, and
// the state gets smaller; refresh sends 0 writes; destroy still works.
//
// What the engine does with it (asserted below, measured in the printed line): the `up` is a "same" step
// for every resource, which stores the new inputs (new `__provider` text) but keeps the old outputs, old
// text included. Refresh keeps the outputs' text too: the dynamic-provider host copies the text of the
// old outputs into every read result, into the refreshed inputs as well when read returns inputs (ours
// do), so after a refresh both copies are the old text again and the next `up` writes the new one into
// the inputs again. A resource drops the old text for good at its next update (or replacement).
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TYPE_NAMES } from "../../sdk/base";
import { storedProviderText, type ResourceKind } from "../../sdk/shim";
import { changeCount, EngineStack, openEngineStack, stateResources } from "./harness";
import {
  infraProject,
  infraResourceCount,
  InfraFixture,
  openInfraStack,
  startInfraFixture,
} from "./fixtures";
import { buildOldCheckout } from "./old-build";
import { inventory } from "./raw-passwork";

/** The last commit whose resources stored the closure-serialized shim (sdk/shim.ts before issue 20). */
const BEFORE = "ca107d1";

const KIND_OF_TYPE = Object.fromEntries(
  Object.entries(TYPE_NAMES).map(([kind, type]) => [`pulumi-nodejs:dynamic/passwork:${type}`, kind]),
) as Record<string, ResourceKind>;

const writeMethods = new Set(["POST", "PATCH", "PUT", "DELETE"]);
const isWrite = (r: any) =>
  writeMethods.has(r.method) && String(r.path).startsWith("/api/v1") && r.path !== "/api/v1/batch";

/**
 * Bytes of what the provider stores per resource: inputs and outputs (compact JSON, secrets as
 * ciphertext). The engine's own metadata (stackTrace, sourcePosition) follows the program that ran
 * last, whose call stack differs between the old checkout and this one, so it is left out.
 */
const resourceBytes = (deployment: any): number =>
  stateResources(deployment).reduce(
    (n, r) => n + Buffer.byteLength(JSON.stringify({ inputs: r.inputs, outputs: r.outputs })),
    0,
  );

describe("engine: a stack made before the small stored provider, taken over by this version", function () {
  this.timeout(300_000);
  let fx: InfraFixture;
  let old: string;
  let stateDir: string;
  let made: EngineStack | undefined;
  let taken: EngineStack | undefined;
  let serverBefore: string[];
  let bytes: { old: number; up?: number; refresh?: number; again?: number };

  before(async () => {
    old = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-passwork-before-"));
    buildOldCheckout(BEFORE, old);
    fx = await startInfraFixture();
    serverBefore = await inventory(fx.api);
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-passwork-migration-state-"));
  });
  after(async () => {
    await made?.dispose();
    await taken?.dispose();
    await fx?.close();
    for (const dir of [old, stateDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the earlier version makes the stack, with its closure-serialized shims in the state", async () => {
    const { infrastructureProgram } = require(path.join(old, "examples", "infrastructure", "program.ts"));
    made = await openEngineStack({
      projectName: infraProject,
      program: infrastructureProgram(),
      config: fx.config,
      stateDir,
      mainDir: old,
    });
    const created = await made.up();
    assert.strictEqual(created.summary.create, infraResourceCount + 1, JSON.stringify(created.summary));
    const state = await made.exportState();
    for (const r of stateResources(state)) {
      assert.match(r.inputs.__provider, /require\("pulumi-passwork\/dist\/provider\/resources\/" \+ kind\)/);
      assert.strictEqual(r.outputs.__provider, r.inputs.__provider);
    }
    bytes = { old: resourceBytes(state) };
  });

  it("the next up with this version: 0 changes, 0 writes; new inputs stored, old outputs kept", async () => {
    assert.ok(made, "needs the stack of the previous test");
    taken = await openInfraStack(fx, () => ({}), { stateDir });
    fx.emulator.control.requests = [];
    const run = await taken.up();
    assert.strictEqual(changeCount(run), 0, JSON.stringify(run.summary));
    assert.strictEqual(run.summary.same, infraResourceCount + 1, JSON.stringify(run.summary));
    assert.deepStrictEqual(fx.emulator.control.requests.filter(isWrite), []);
    const state = await taken.exportState();
    for (const r of stateResources(state)) {
      const kind = KIND_OF_TYPE[r.type];
      assert.ok(kind, `a type of ours: ${r.type}`);
      assert.strictEqual(r.inputs.__provider, storedProviderText(kind), `${r.urn}: new inputs stored`);
      assert.match(r.outputs.__provider, /provider\/resources\/" \+ kind/, `${r.urn}: old outputs kept`);
    }
    bytes.up = resourceBytes(state);
    assert.ok(bytes.up < bytes.old, `state shrinks: ${bytes.old} → ${bytes.up} bytes`);
  });

  it("refresh: 0 changes, 0 writes; the next up: 0 changes, 0 writes, the new text in the inputs again", async () => {
    assert.ok(taken, "needs the stack of the previous test");
    fx.emulator.control.requests = [];
    const run = await taken.refresh();
    assert.strictEqual(changeCount(run), 0, JSON.stringify(run.summary));
    assert.deepStrictEqual(fx.emulator.control.requests.filter(isWrite), []);
    const refreshed = await taken.exportState();
    for (const r of stateResources(refreshed)) {
      assert.match(r.outputs.__provider, /provider\/resources\/" \+ kind/, `${r.urn}: outputs' text kept`);
      assert.strictEqual(r.inputs.__provider, r.outputs.__provider, `${r.urn}: read's inputs carry it too`);
    }
    bytes.refresh = resourceBytes(refreshed);
    assert.ok(bytes.refresh <= bytes.old, `refresh: ${bytes.old} (made before) → ${bytes.refresh}`);
    const again = await taken.up();
    assert.strictEqual(changeCount(again), 0, JSON.stringify(again.summary));
    assert.deepStrictEqual(fx.emulator.control.requests.filter(isWrite), []);
    const state = await taken.exportState();
    for (const r of stateResources(state))
      assert.strictEqual(r.inputs.__provider, storedProviderText(KIND_OF_TYPE[r.type]!), r.urn);
    bytes.again = resourceBytes(state);
    assert.ok(bytes.again < bytes.refresh, `up after refresh: ${bytes.refresh} → ${bytes.again}`);
    process.stdout.write(
      `      state of ${infraResourceCount} resources, bytes: ${bytes.old} made before → ${bytes.up} after up → ${bytes.refresh} after refresh → ${bytes.again} after up\n`,
    );
  });

  it("destroy with this version deletes through the old texts and restores the server", async () => {
    assert.ok(taken, "needs the stack of the previous test");
    const run = await taken.destroy();
    assert.strictEqual(run.summary.delete, infraResourceCount + 1, JSON.stringify(run.summary));
    assert.deepStrictEqual(await inventory(fx.api), serverBefore);
  });
});
