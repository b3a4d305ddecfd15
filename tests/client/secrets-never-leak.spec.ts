/**
 * No error message, error field or log line the client produces contains a token, master key or
 * decrypted value. The spec makes its own traffic (the emulator with client-side encryption, and stub
 * servers for failures the emulator does not produce), so it holds when run alone and in any file
 * order. The root-level hook at the end also searches what the other client specs collected through
 * helpers/leak-guard, once every spec file has run.
 */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { z } from "zod";
import type { RunningEmulator } from "../../emulator/server";
import { PassworkClient } from "../../provider/client/core";
import { items, principals, vaults, vaultTypes } from "../../provider/client/index";
import { path } from "../../provider/client/path";
import { clientFor, control, seedIdentity, startTestEmulator, type Identity } from "./helpers/emulator";
import { collect, leaks, log, registerSecret, rejection, stats } from "./helpers/leak-guard";
import { apiError, json, startStub, type StubServer } from "./helpers/stub-server";

const ACCESS = "Lk3vX9qPw2sT7uYb8nHc4dFg6jMr1aZe5oQi0yWx=";
const PASSWORD = "leak-check-password-Qw7#pZ";
const FIELD_VALUE = "leak-check-field-value-8Hk2";
const IN_RESPONSE = "leak-check-response-value-Vn4";
registerSecret(ACCESS, PASSWORD, FIELD_VALUE, IN_RESPONSE);

const Any = z.looseObject({});
const ID = "68793e13dfc88d879e0f2e39";

describe("client: secrets never leak", function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  const open: { close(): Promise<void> }[] = [];
  const ownCollected = { before: 0 };

  function stubClient(s: StubServer, extra: Partial<ConstructorParameters<typeof PassworkClient>[0]> = {}) {
    const c = new PassworkClient({
      host: s.url,
      accessToken: ACCESS,
      masterKey: undefined,
      retryBaseMs: 1,
      retryCapMs: 5,
      requestTimeoutMs: 2000,
      logger: log,
      ...extra,
    });
    open.push(c);
    return c;
  }
  async function stub(handler: Parameters<typeof startStub>[0]): Promise<StubServer> {
    const s = await startStub(handler);
    open.push(s);
    return s;
  }

  before(async () => {
    ownCollected.before = stats().texts;
    emu = await startTestEmulator(true);
  });
  after(async () => {
    for (const o of open) await o.close();
    await emu?.close();
  });

  it("makes its own failures: encrypted records without a key, expired and dead tokens", async () => {
    const owner: Identity = await seedIdentity(emu, "leak.owner", { cse: true }); // registers its secrets
    const c = clientFor(emu, owner);
    open.push(c);
    const types = await vaultTypes.list(c);
    const typeId = (types.find((t) => t.code === "company") ?? types[0]!).id;
    const vaultId = await vaults.create(c, { name: "leak-check", typeId });
    const id = await items.create(c, {
      vaultId,
      name: "DB",
      password: PASSWORD,
      customs: [{ name: "API_KEY", value: FIELD_VALUE, type: "password" }],
    });
    assert.equal((await items.get(c, id)).password, PASSWORD);

    const noKey = clientFor(emu, { ...owner, masterKey: undefined });
    open.push(noKey);
    collect((await rejection(items.get(noKey, id))).message);

    // An expired access token is renewed (logged), then a dead pair fails with advice.
    await control(emu, "POST", "tokens/expire", { accessToken: owner.accessToken });
    assert.equal((await principals.me(c)).login, "leak.owner");
    const dead = await seedIdentity(emu, "leak.dead", { cse: false });
    const deadClient = clientFor(emu, dead, { refreshMode: "pair" });
    open.push(deadClient);
    await control(emu, "POST", "tokens/expire", { accessToken: dead.accessToken });
    await control(emu, "POST", "tokens/expire", { refreshToken: dead.refreshToken });
    collect((await rejection(principals.users.list(deadClient))).message);
    await rejection(items.get(c, ID)); // not found
  });

  it("makes its own failures: error statuses, retries, bad shapes, timeouts, refused connections", async () => {
    const s = await stub((req, res) => {
      if (req.url.includes("/shape")) return json(res, 200, { id: IN_RESPONSE, name: 42 });
      if (req.url.includes("/busy")) return apiError(res, 503, "unavailable", "try later");
      if (req.url.includes("/slow")) return; // never answers: the per-attempt timeout fires
      const status = Number(/\/status\/(\d+)/.exec(req.url)?.[1] ?? 400);
      return apiError(res, status, "someCode", "refused", "password");
    });
    const c = stubClient(s, { maxRetries: 2 });
    for (const status of [400, 401, 403, 404, 409, 422, 500])
      await rejection(c.post(path`/status/${String(status)}`, { name: "DB", password: PASSWORD }, Any));
    await rejection(c.get(path`/busy`, Any));
    await rejection(c.get(path`/shape`, z.looseObject({ id: z.string().regex(/^[0-9a-f]{24}$/) })));
    await rejection(stubClient(s, { requestTimeoutMs: 50, maxRetries: 0 }).get(path`/slow`, Any));
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, "127.0.0.1", () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const refused = stubClient({ url: `http://127.0.0.1:${port}` } as StubServer, { maxRetries: 1 });
    await rejection(refused.post(path`/items`, { password: PASSWORD }, Any));
  });

  it("no captured error, error field or log line contains a token, master key or decrypted value", () => {
    const s = stats();
    assert.ok(s.secrets >= 5, `expected the suite to register secrets, got ${s.secrets}`);
    assert.ok(s.texts >= 20, `expected the suite to capture errors and log lines, got ${s.texts}`);
    assert.ok(s.texts - ownCollected.before >= 20, "this spec alone captured errors and log lines");
    assert.deepEqual(leaks(), []);
  });
});

// Root level: runs once after every spec file, so what the other client specs collected is searched too.
after("client: nothing collected across the run leaks a secret", () => {
  assert.deepEqual(leaks(), []);
});
