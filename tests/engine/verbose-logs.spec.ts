// With the engine's full log on (`--logtostderr -v=9`, what a user attaches to a bug report), no secret
// of the reference example appears in plaintext in anything the engine prints.
import * as assert from "assert";
import { EngineStack, leakedSecrets, openEngineStack } from "./harness";
import {
  infraProject,
  infrastructure,
  infrastructureProgram,
  InfraFixture,
  secretsInState,
  startInfraFixture,
} from "./fixtures";

describe("engine: verbose logs of the reference example", function () {
  this.timeout(240_000);
  let fx: InfraFixture;
  let stack: EngineStack;

  before(async () => {
    fx = await startInfraFixture();
    stack = await openEngineStack({
      projectName: infraProject,
      program: infrastructureProgram(),
      config: fx.config,
      mainDir: infrastructure.dir,
      verbose: true,
    });
  });
  after(async () => {
    await stack?.dispose();
    await fx?.close();
  });

  it("up, refresh and destroy at -v=9 print no token, configured secret, generated password or field value", async () => {
    const up = await stack.up();
    assert.ok(up.stderr.length > 10_000, "the -v=9 log was collected");
    await stack.refresh();
    const needles = [...fx.secrets, ...secretsInState(await stack.exportStateWithSecrets())];
    await stack.destroy();
    assert.ok(needles.length >= fx.secrets.length + 8, `${needles.length} secrets to look for`);
    assert.deepStrictEqual(leakedSecrets(stack.collectedOutput(), needles), []);
  });
});
