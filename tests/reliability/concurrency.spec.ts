// `up` of 500 resources with --parallel 64 against the emulator: no errors, every record on the server
// once, and never more requests in flight at the emulator than the client's bound (passwork:maxInFlight).
import * as assert from "assert";
import * as passwork from "pulumi-passwork";
import { EngineStack, openEngineStack } from "../engine/harness";
import { compareStateWithServer, RestartableEmulator, startRestartableEmulator } from "./helpers";

const RECORDS = 490; // + 1 vault + 9 folders = 500 resources
const BOUND = 8;

describe("reliability: 500 resources with --parallel 64 (real engine)", function () {
  this.timeout(900_000);
  let emu: RestartableEmulator;
  let stack: EngineStack;

  before(async () => {
    emu = await startRestartableEmulator();
    stack = await openEngineStack({
      projectName: "concurrency",
      program: async () => {
        const vault = new passwork.Vault("vault", { name: "bulk", vaultType: "company" });
        const folders = Array.from(
          { length: 9 },
          (_, i) => new passwork.Folder(`f${i}`, { name: `team-${i}`, vaultId: vault.id }),
        );
        for (let i = 0; i < RECORDS; i++) {
          new passwork.Record(`r${i}`, {
            name: `svc-${i}`,
            vaultId: vault.id,
            folderId: folders[i % 9]!.id,
            login: `user${i}`,
            generatePassword: { length: 20 },
            tags: ["bulk"],
          });
        }
      },
      config: {
        "passwork:host": { value: emu.url },
        "passwork:accessToken": { value: emu.providerTokens.accessToken, secret: true },
        "passwork:maxInFlight": { value: String(BOUND) },
      },
    });
  });
  after(async () => {
    await stack?.dispose();
    await emu?.close();
  });

  it("completes with no errors and the emulator's peak in-flight stays within the client's bound", async () => {
    emu.current.control.peakInFlight = 0;
    const started = Date.now();
    const result = await stack.stack.up({ parallel: 64, color: "never" });
    const seconds = (Date.now() - started) / 1000;
    assert.strictEqual(result.summary.result, "succeeded");
    assert.strictEqual(
      result.summary.resourceChanges?.["create"],
      500 + 1,
      JSON.stringify(result.summary.resourceChanges),
    );
    const peak = emu.current.control.peakInFlight;
    assert.ok(peak <= BOUND, `peak in flight ${peak} > ${BOUND}`);
    assert.ok(peak >= 2, `requests did run concurrently (peak ${peak})`);
    const { problems, counts } = await compareStateWithServer(stack, emu.api);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(counts, { vaults: 1, folders: 9, records: RECORDS });
    console.log(
      `      500 resources: up in ${seconds.toFixed(1)} s, emulator peak in-flight ${peak} (bound ${BOUND}), ${emu.current.control.requests.length} requests`,
    );
    await stack.stack.destroy({ parallel: 64, color: "never" });
  });
});
