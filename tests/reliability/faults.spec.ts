// Faults injected through the emulator while the real engine runs `up` of the reference example.
// For each scenario: the run completes (or fails with a clear message), a fault-free `up` converges,
// state and server agree (no duplicate, nothing lost, nothing in state that the server lacks), and no
// token or secret value appears in the state, the engine's output or an error message. Then destroy,
// so the next scenario creates everything again (the ambiguous-create faults need creates).
import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigMap } from "@pulumi/pulumi/automation";
import { folderPaths, records as declaredRecords, secretKeys } from "../../examples/infrastructure/layout";
import { changeCount, EngineRun, EngineStack, openEngineStack } from "../engine/harness";
import { infraProject, infrastructure, infrastructureProgram } from "../engine/fixtures";
import {
  compareStateWithServer,
  FaultSpec,
  RestartableEmulator,
  secretHits,
  secretValuesInState,
  startRestartableEmulator,
  whenRequests,
} from "./helpers";

const EXPECTED = { vaults: 1, folders: folderPaths.length, records: declaredRecords.length };
const REQUEST_TIMEOUT_MS = 1500;

interface Outcome {
  run?: EngineRun;
  error?: string;
}

describe("reliability: faults during up of the reference example (real engine)", function () {
  this.timeout(600_000);
  let emu: RestartableEmulator;
  let stack: EngineStack;
  let config: ConfigMap;
  const needles: string[] = [];
  const errorTexts: string[] = [];
  const tokenStoreDir = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-tokens-"));
  const tokenStorePath = path.join(tokenStoreDir, "pair.json");

  before(async () => {
    emu = await startRestartableEmulator();
    config = {
      "passwork:host": { value: emu.url },
      "passwork:accessToken": { value: emu.providerTokens.accessToken, secret: true },
      "passwork:refreshToken": { value: emu.providerTokens.refreshToken, secret: true },
      // Short enough that an injected delay outlasts it; the client retries what is safe to retry.
      "passwork:requestTimeoutMs": { value: String(REQUEST_TIMEOUT_MS) },
      // The program process (lookups) and the provider process share the pair: a refresh by one is
      // found by the other here, and the next run starts from the refreshed token.
      "passwork:tokenStorePath": { value: tokenStorePath },
    };
    for (const key of secretKeys) {
      const value = `${key}-${crypto.randomBytes(12).toString("hex")}`;
      config[`${infraProject}:${key}`] = { value, secret: true };
      needles.push(value);
    }
    stack = await openEngineStack({
      projectName: infraProject,
      program: () => infrastructureProgram()(),
      config,
      mainDir: infrastructure.dir,
    });
  });
  after(async () => {
    await stack?.dispose();
    await emu?.close();
    fs.rmSync(tokenStoreDir, { recursive: true, force: true });
  });

  /** Runs `up` with `faults` armed (and `during` running beside it), then checks convergence. */
  async function scenario(
    faults: FaultSpec[],
    during?: () => Promise<void>,
    on: EngineStack = stack,
  ): Promise<Outcome> {
    await emu.control("DELETE", "faults");
    emu.current.control.requests = [];
    for (const f of faults) await emu.fault(f);
    const outcome: Outcome = {};
    const side = during?.();
    try {
      outcome.run = await on.up();
    } catch (err) {
      outcome.error = String((err as Error).message);
      errorTexts.push(outcome.error);
    }
    await side;
    await emu.control("DELETE", "faults");
    return outcome;
  }

  /** The fault-free follow-up: converges, agrees with the server, leaks nothing; then destroy. */
  async function convergeAndReset(on: EngineStack = stack): Promise<void> {
    const next = await on.up();
    const again = await on.preview();
    assert.strictEqual(
      changeCount(again),
      0,
      `after the follow-up up, nothing is left to change: ${JSON.stringify(again.summary)}`,
    );
    const { problems, counts } = await compareStateWithServer(on, emu.api);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(counts, EXPECTED, JSON.stringify(next.summary));
    needles.push(...secretValuesInState(await on.exportStateWithSecrets()));
    if (fs.existsSync(tokenStorePath))
      needles.push(JSON.parse(fs.readFileSync(tokenStorePath, "utf8")).accessToken);
    assert.deepStrictEqual(await secretHits(on, [...needles, ...emu.tokens], errorTexts), []);
    await on.destroy();
    assert.deepStrictEqual((await compareStateWithServer(on, emu.api)).counts, {
      vaults: 0,
      folders: 0,
      records: 0,
    });
  }

  /** The run completed; otherwise show the engine's error lines (not its whole -v=9 log). */
  function completed(error: string | undefined): void {
    if (error === undefined) return;
    const lines = error.split("\n").filter((l) => /error|fail/i.test(l) && !/does not implement/.test(l));
    assert.fail(`up failed:\n${lines.slice(-15).join("\n").slice(-4000)}`);
  }

  const statuses = (status: number) => emu.current.control.requests.filter((r) => r.status === status).length;
  const posts = (path: string) =>
    emu.current.control.requests.filter((r) => r.method === "POST" && r.path === path).length;

  it("429 bursts with Retry-After: every request waits and retries; up completes", async () => {
    const { run, error } = await scenario([
      { path: "/api/v1/*", count: 6, kind: "status", status: 429, retryAfter: 1 },
      { method: "POST", path: "/api/v1/items", count: 3, kind: "status", status: 429, retryAfter: 1 },
    ]);
    completed(error);
    assert.ok(statuses(429) >= 9, `the 429s were served (${statuses(429)})`);
    assert.ok((run!.summary.create ?? 0) > EXPECTED.folders + EXPECTED.records, JSON.stringify(run!.summary));
    await convergeAndReset();
  });

  it("503s on reads and creates: reads are retried, an ambiguous create is looked up before it is sent again", async () => {
    const { run, error } = await scenario([
      { method: "GET", path: "/api/v1/*", count: 4, kind: "status", status: 503 },
      { method: "POST", path: "/api/v1/folders", count: 2, kind: "status", status: 503 },
      { method: "POST", path: "/api/v1/items", count: 2, kind: "status", status: 503 },
    ]);
    completed(error);
    assert.ok(statuses(503) >= 8, `the 503s were served (${statuses(503)})`);
    assert.ok((run!.summary.create ?? 0) > EXPECTED.folders + EXPECTED.records, JSON.stringify(run!.summary));
    await convergeAndReset();
  });

  it("connection reset before the server handled a create: the create is reconciled and sent again once", async () => {
    const { error } = await scenario([
      { method: "POST", path: "/api/v1/vaults", count: 1, kind: "reset" },
      { method: "POST", path: "/api/v1/folders", count: 2, kind: "reset" },
      { method: "POST", path: "/api/v1/items", count: 2, kind: "reset" },
    ]);
    completed(error);
    // Every declared object was POSTed once more than it was created: the resets, then the real create.
    assert.strictEqual(posts("/api/v1/folders"), EXPECTED.folders + 2);
    assert.strictEqual(posts("/api/v1/items"), EXPECTED.records + 2);
    await convergeAndReset();
  });

  it("connection reset after the server committed a create: the provider finds the object instead of creating a duplicate", async () => {
    const { error } = await scenario([
      { method: "POST", path: "/api/v1/vaults", count: 1, kind: "resetAfterCommit" },
      { method: "POST", path: "/api/v1/folders", count: 3, kind: "resetAfterCommit" },
      { method: "POST", path: "/api/v1/items", count: 3, kind: "resetAfterCommit" },
    ]);
    completed(error);
    // No POST was repeated: each committed create was found by the lookup.
    assert.strictEqual(posts("/api/v1/vaults"), 1);
    assert.strictEqual(posts("/api/v1/folders"), EXPECTED.folders);
    assert.strictEqual(posts("/api/v1/items"), EXPECTED.records);
    await convergeAndReset();
  });

  it("responses slower than passwork:requestTimeoutMs: reads time out and are retried; up completes", async () => {
    const { error } = await scenario([
      { method: "GET", path: "/api/v1/*", count: 3, kind: "delay", delayMs: REQUEST_TIMEOUT_MS + 1000 },
      // Reads of many records go through POST /batch (a POST of GETs, retried like a GET).
      { method: "POST", path: "/api/v1/batch", count: 2, kind: "delay", delayMs: REQUEST_TIMEOUT_MS + 1000 },
    ]);
    completed(error);
    const slow = emu.current.control.requests.filter((r) => r.durationMs >= REQUEST_TIMEOUT_MS + 900);
    assert.ok(slow.length >= 5, `the delayed requests were served late (${slow.length})`);
    await convergeAndReset();
  });

  it("a create slower than the timeout: the outcome is unknown, so the provider looks before creating again", async () => {
    const { error } = await scenario([
      {
        method: "POST",
        path: "/api/v1/folders",
        count: 2,
        kind: "delay",
        delayMs: REQUEST_TIMEOUT_MS + 1500,
      },
    ]);
    if (error !== undefined) assert.match(error, /folder|timed out|no complete response/i);
    await convergeAndReset();
  });

  it("the access token expires mid-run: one refresh, up completes (engine run with --logtostderr -v=9)", async () => {
    const verbose = await openEngineStack({
      projectName: infraProject,
      program: () => infrastructureProgram()(),
      config,
      mainDir: infrastructure.dir,
      stateDir: stack.stateDir,
      verbose: true,
    });
    try {
      const { error } = await scenario(
        [],
        async () => {
          assert.ok(
            await whenRequests(emu, (log) =>
              log.some((r) => r.method === "POST" && r.path === "/api/v1/folders"),
            ),
            "the run started creating",
          );
          await emu.control("POST", "tokens/expire", { accessToken: emu.providerTokens.accessToken });
        },
        verbose,
      );
      completed(error);
      const log = emu.current.control.requests;
      assert.ok(
        log.some((r) => r.status === 401),
        "a request met the expired token",
      );
      const refreshes = log.filter((r) => r.path.startsWith("/api/v1/sessions/")).length;
      // Single-flight per process; the program process (lookups) and the provider process share the store.
      assert.ok(refreshes >= 1 && refreshes <= 2, `one refresh per process at most (${refreshes})`);
      assert.ok(verbose.collectedOutput().length > 100_000, "the -v=9 engine log was collected");
      await convergeAndReset(verbose);
    } finally {
      await verbose.dispose();
    }
  });

  it("the emulator restarts mid-run (same data dir, same port): up completes or fails cleanly, the next up converges", async () => {
    const { error } = await scenario([], async () => {
      assert.ok(
        await whenRequests(
          emu,
          (log) => log.filter((r) => r.method === "POST" && r.path === "/api/v1/items").length >= 3,
        ),
        "records are being created",
      );
      await emu.restart();
    });
    if (error !== undefined)
      assert.match(
        error,
        /connection|ECONN|socket|other side closed/i,
        "a failure names the connection problem",
      );
    await convergeAndReset();
  });
});
