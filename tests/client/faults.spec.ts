/**
 * Retries and token refresh driven by the emulator's fault injection and token control, counted
 * through its request log.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningEmulator } from "../../emulator/server";
import { AuthenticationError, ConnectionError } from "../../provider/client/errors";
import { folders, principals, vaults, vaultTypes } from "../../provider/client/index";
import { FileTokenStore } from "../../provider/client/token-store";
import {
  clientFor,
  control,
  requestLog,
  seedIdentity,
  startTestEmulator,
  type Identity,
} from "./helpers/emulator";
import { collect, registerSecret, rejection } from "./helpers/leak-guard";

describe("client retries and refresh against the emulator", function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  let tmp: string;
  const closers: Array<{ close(): Promise<void> }> = [];

  before(async () => {
    emu = await startTestEmulator(false);
    tmp = await mkdtemp(join(tmpdir(), "pw-client-"));
  });
  after(async () => {
    for (const c of closers) await c.close();
    await emu?.close();
    await rm(tmp, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await control(emu, "DELETE", "faults");
    await control(emu, "DELETE", "requests");
  });
  async function fresh(
    login: string,
    extra: Parameters<typeof clientFor>[2] = {},
  ): Promise<{ who: Identity; c: ReturnType<typeof clientFor> }> {
    const who = await seedIdentity(emu, login, { cse: false });
    const c = clientFor(emu, who, extra);
    closers.push(c);
    return { who, c };
  }
  const count = async (method: string, p: string) =>
    (await requestLog(emu)).filter((l) => l.method === method && l.path === p).length;

  it("honours Retry-After on a 429", async () => {
    const { c } = await fresh("rl.user");
    await control(emu, "POST", "faults", {
      method: "GET",
      path: "/api/v1/vaults",
      count: 1,
      kind: "status",
      status: 429,
      retryAfter: 1,
    });
    const t0 = Date.now();
    await vaults.list(c);
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 950, `waited ${elapsed} ms for Retry-After: 1`);
    assert.equal(await count("GET", "/api/v1/vaults"), 2);
  });

  it("retries 503s", async () => {
    const { c } = await fresh("svc.user");
    await control(emu, "POST", "faults", {
      method: "GET",
      path: "/api/v1/vaults",
      count: 2,
      kind: "status",
      status: 503,
    });
    await vaults.list(c);
    assert.equal(await count("GET", "/api/v1/vaults"), 3);
    assert.equal(c.stats().retries, 2);
  });

  it("retries a GET whose connection was reset", async () => {
    const { c } = await fresh("reset.user");
    await control(emu, "POST", "faults", {
      method: "GET",
      path: "/api/v1/users/info",
      count: 2,
      kind: "reset",
    });
    assert.equal((await principals.me(c)).login, "reset.user");
    assert.equal(await count("GET", "/api/v1/users/info"), 3);
  });

  it("does not blindly retry a POST reset after commit: outcomeUnknown, and the object exists exactly once", async () => {
    const { c } = await fresh("commit.user");
    const typeId = (await vaultTypes.list(c))[0]!.id;
    const vaultId = await vaults.create(c, { name: "v", typeId });
    await control(emu, "DELETE", "requests");
    await control(emu, "POST", "faults", {
      method: "POST",
      path: "/api/v1/folders",
      count: 1,
      kind: "resetAfterCommit",
    });
    const err = await rejection(folders.create(c, { name: "maybe", vaultId }));
    assert.ok(err instanceof ConnectionError);
    assert.equal(err.outcomeUnknown, true);
    assert.match(err.message, /may have been applied/);
    assert.equal(await count("POST", "/api/v1/folders"), 1, "exactly one POST reached the server");
    assert.deepEqual(
      (await folders.list(c, vaultId)).map((f) => f.name),
      ["maybe"],
      "the caller reconciles by looking it up",
    );
  });

  it("a POST answered 429 is retried (Passwork did no work)", async () => {
    const { c } = await fresh("post429.user");
    const typeId = (await vaultTypes.list(c))[0]!.id;
    await control(emu, "POST", "faults", {
      method: "POST",
      path: "/api/v1/vaults",
      count: 1,
      kind: "status",
      status: 429,
      retryAfter: 0,
    });
    const id = await vaults.create(c, { name: "after-429", typeId });
    assert.equal((await vaults.get(c, id)).name, "after-429");
    assert.equal(await count("POST", "/api/v1/vaults"), 2);
  });

  it("an access token expiring under 50 concurrent requests → exactly one refresh, all 50 succeed", async () => {
    const { who, c } = await fresh("burst.user");
    await principals.users.list(c); // warm the connection pool
    await control(emu, "POST", "tokens/expire", { accessToken: who.accessToken });
    await control(emu, "DELETE", "requests");
    const results = await Promise.all(Array.from({ length: 50 }, () => principals.users.list(c)));
    assert.equal(results.length, 50);
    assert.ok(results.every((r) => r.some((u) => u.login === "burst.user")));
    assert.equal(await count("POST", "/api/v1/sessions/refresh-access-token"), 1);
    assert.equal(c.stats().refreshes, 1);
  });

  it("refreshMode pair: rotates the pair, stores it with mode 0600, and a new client starts from the stored pair", async () => {
    const file = join(tmp, "tokens", "pair.json");
    const { who, c } = await fresh("pair.user", {
      refreshMode: "pair",
      tokenStore: new FileTokenStore(file),
    });
    await control(emu, "POST", "tokens/expire", { accessToken: who.accessToken });
    await Promise.all(Array.from({ length: 50 }, () => principals.users.list(c)));
    assert.equal(await count("POST", "/api/v1/sessions/refresh"), 1);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const stored = JSON.parse(await readFile(file, "utf8")) as { accessToken: string; refreshToken: string };
    registerSecret(stored.accessToken, stored.refreshToken);
    assert.notEqual(stored.refreshToken, who.refreshToken, "the old pair died; the stored one is new");
    // The configured (dead) pair is still what the settings say; the store overrides it.
    const next = clientFor(emu, who, { refreshMode: "pair", tokenStore: new FileTokenStore(file) });
    closers.push(next);
    assert.equal((await principals.me(next)).login, "pair.user");
    assert.equal(next.stats().refreshes, 0);
  });

  it("a dead refresh token → a clear error naming the setting, and no loop", async () => {
    const { who, c } = await fresh("dead.user", { refreshMode: "pair" });
    await control(emu, "POST", "tokens/expire", { accessToken: who.accessToken });
    await control(emu, "POST", "tokens/expire", { refreshToken: who.refreshToken });
    const err = await rejection(principals.users.list(c));
    assert.ok(err instanceof AuthenticationError);
    assert.match(err.message, /passwork:refreshToken \(or PASSWORK_REFRESH_TOKEN\)/);
    const again = await rejection(principals.users.list(c));
    assert.ok(again instanceof AuthenticationError);
    const log = await requestLog(emu);
    assert.equal(
      log.filter((l) => l.path === "/api/v1/sessions/refresh").length,
      1,
      "one refresh attempt in all",
    );
    assert.equal(
      log.filter((l) => l.path === "/api/v1/users").length,
      2,
      "one request per call, no replay loop",
    );
    collect(err.message);
  });

  it("an expired access token with no refresh token configured says how to provide one", async () => {
    const { who, c } = await fresh("norefresh.user", { refreshToken: undefined });
    await control(emu, "POST", "tokens/expire", { accessToken: who.accessToken });
    const err = await rejection(principals.users.list(c));
    assert.ok(err instanceof AuthenticationError);
    assert.match(
      err.message,
      /expired and no refresh token is configured: set passwork:refreshToken \(or PASSWORK_REFRESH_TOKEN\)/,
    );
    assert.equal((await requestLog(emu)).filter((l) => l.path.startsWith("/api/v1/")).length, 1);
  });

  it("no request line in the emulator's log carries a token", async () => {
    const { c } = await fresh("lines.user");
    await vaults.list(c);
    for (const l of await requestLog(emu)) collect(`${l.method} ${l.path}`);
  });
});
