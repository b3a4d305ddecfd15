// Proves the harness and the engine setup with the no-op floor provider (no HTTP, no emulator).
import * as assert from "assert";
import { floorProgram } from "../../bench/floor/program";
import {
  changeCount,
  changedInputKeys,
  EngineStack,
  leakedSecrets,
  openEngineStack,
  stateResources,
} from "./harness";
import { repoRoot } from "./pulumi-cli";

describe("engine harness with the floor provider", function () {
  this.timeout(180_000);
  const secret = "floor-secret-Zq8v1Kx";
  let stack: EngineStack;
  let program = floorProgram({ count: 3, secret });

  before(async () => {
    // The program is read at each operation, so tests swap it through this indirection.
    stack = await openEngineStack({ projectName: "floor", program: () => program() });
  });
  after(async () => {
    await stack?.dispose();
  });

  it("up creates every resource, with outputs", async () => {
    const run = await stack.up();
    assert.strictEqual(run.summary.create, 4, JSON.stringify(run.summary)); // 3 + the stack itself
    const ids = run.outputs?.["ids"] as string[];
    assert.strictEqual(ids.length, 3);
    assert.ok(ids.every((id) => id.startsWith("floor-")));
  });

  it("a second up changes nothing", async () => {
    const run = await stack.up();
    assert.strictEqual(changeCount(run), 0, JSON.stringify(run.summary));
    assert.strictEqual(run.summary.same, 4);
  });

  it("the state holds the secret only encrypted and __provider names no path of this machine", async () => {
    const deployment = await stack.exportState();
    const text = JSON.stringify(deployment);
    // the decrypted export does hold it: the scan below could fail
    assert.ok(JSON.stringify(await stack.exportStateWithSecrets()).includes(secret));
    assert.deepStrictEqual(leakedSecrets(text, [secret, stack.passphrase]), []);
    const resources = stateResources(deployment);
    assert.strictEqual(resources.length, 3);
    for (const r of resources) {
      assert.strictEqual(r.type, "pulumi-nodejs:dynamic/floor:Noop");
      assert.ok(r.outputs.secretValue?.ciphertext, "secretValue is stored as a secret");
      const provider = String(r.inputs.__provider);
      assert.ok(provider.length > 0);
      assert.ok(!provider.includes(repoRoot), "__provider holds no absolute path of this checkout");
    }
    assert.deepStrictEqual(leakedSecrets(stack.collectedOutput(), [secret]), []);
  });

  it("a change of one resource previews exactly one in-place update naming the property", async () => {
    program = floorProgram({ count: 3, secret, valueAt: { 1: "v2" } });
    const run = await stack.preview();
    assert.strictEqual(changeCount(run), 1, JSON.stringify(run.summary));
    assert.strictEqual(run.summary.update, 1);
    const updates = run.steps.filter((s) => s.op === "update");
    assert.strictEqual(updates.length, 1);
    assert.match(updates[0]!.urn, /floor-1$/);
    assert.deepStrictEqual(changedInputKeys(updates[0]!), ["value"]);
    assert.match(run.stdout, /~ value\s*: "v1" => "v2"/);
  });

  it("refresh keeps everything and destroy removes everything", async () => {
    const refreshed = await stack.refresh();
    assert.strictEqual(changeCount(refreshed), 0, JSON.stringify(refreshed.summary));
    const destroyed = await stack.destroy();
    assert.strictEqual(destroyed.summary.delete, 4, JSON.stringify(destroyed.summary));
    assert.strictEqual(stateResources(await stack.exportState()).length, 0);
  });

  it("verbose engine logs are collected; the SDK's own debug lines are kept apart", async () => {
    const verbose = await openEngineStack({
      projectName: "floor-verbose",
      program: floorProgram({ count: 1, secret }),
      verbose: true,
    });
    try {
      const run = await verbose.up();
      assert.ok(run.stderr.length > 10_000, "-v=9 logs reach stderr");
      assert.match(verbose.collectedOutput(), /"v":9/);
      assert.deepStrictEqual(leakedSecrets(verbose.collectedOutput(), [secret]), []);
      // Upstream behaviour: @pulumi/pulumi logs RegisterResource responses, secrets included, at debug level.
      assert.deepStrictEqual(leakedSecrets(verbose.collectedOutput({ includeDebug: true }), [secret]), [
        secret,
      ]);
      await verbose.destroy();
    } finally {
      await verbose.dispose();
    }
  });
});
