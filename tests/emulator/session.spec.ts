import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator/server";
import { as, call, start } from "./helpers";

describe("emulator: tokens and sessions", () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await start();
  });
  after(async () => {
    await emu.close();
  });

  it("mints 44-char base64 tokens of 32 bytes", () => {
    for (const t of [emu.adminTokens.accessToken, emu.adminTokens.refreshToken]) {
      assert.equal(t.length, 44);
      assert.equal(Buffer.from(t, "base64").length, 32);
    }
  });

  it("answers 401 without Authorization, and plain 401 notFound for an unknown token", async () => {
    const none = await call(emu.url, "GET", "/api/v1/vaults");
    assert.equal(none.status, 401);
    const wrong = await call(emu.url, "GET", "/api/v1/vaults", {
      token: Buffer.alloc(32, 7).toString("base64"),
    });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body.errors[0], { code: "notFound", message: "Access token not found" });
  });

  it("answers accessTokenExpired for an expired token; /sessions/refresh accepts it and kills the old pair", async () => {
    const u = await emu.seedUser({ login: "expiring" });
    const exp = await call(emu.url, "POST", "/_emulator/tokens/expire", {
      body: { accessToken: u.tokens.accessToken },
    });
    assert.equal(exp.status, 200);
    const r = await as(emu, u.tokens.accessToken).get("/api/v1/vaults");
    assert.equal(r.status, 401);
    assert.equal(r.body.errors[0].code, "accessTokenExpired");
    const ref = await call(emu.url, "POST", "/api/v1/sessions/refresh", {
      token: u.tokens.accessToken,
      body: { refreshToken: u.tokens.refreshToken },
    });
    assert.equal(ref.status, 200);
    assert.notEqual(ref.body.accessToken, u.tokens.accessToken);
    assert.ok(ref.body.accessTokenExpiredAt > Date.now() / 1000);
    assert.equal((await as(emu, ref.body.accessToken).get("/api/v1/vaults")).status, 200);
    assert.equal((await as(emu, u.tokens.accessToken).get("/api/v1/vaults")).body.errors[0].code, "notFound");
    const again = await call(emu.url, "POST", "/api/v1/sessions/refresh", {
      token: ref.body.accessToken,
      body: { refreshToken: u.tokens.refreshToken },
    });
    assert.equal(again.status, 401, "a dead refresh token cannot refresh");
  });

  it("refresh-access-token keeps the refresh token; refresh-refresh-token keeps the access token", async () => {
    const u = await emu.seedUser({ login: "rotating" });
    const a = await call(emu.url, "POST", "/api/v1/sessions/refresh-access-token", {
      body: { accessToken: u.tokens.accessToken },
    });
    assert.equal(a.status, 200);
    assert.deepEqual(Object.keys(a.body).sort(), ["accessToken", "accessTokenExpiredAt"]);
    assert.equal(
      (await as(emu, u.tokens.accessToken).get("/api/v1/vaults")).status,
      401,
      "old access token dies",
    );
    assert.equal((await as(emu, a.body.accessToken).get("/api/v1/vaults")).status, 200);
    const r = await call(emu.url, "POST", "/api/v1/sessions/refresh-refresh-token", {
      body: { refreshToken: u.tokens.refreshToken },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body).sort(), ["refreshToken", "refreshTokenExpiredAt"]);
    assert.equal(
      (await as(emu, a.body.accessToken).get("/api/v1/vaults")).status,
      200,
      "access token unchanged",
    );
    const dead = await call(emu.url, "POST", "/api/v1/sessions/refresh-refresh-token", {
      body: { refreshToken: u.tokens.refreshToken },
    });
    assert.equal(dead.status, 401);
    const full = await call(emu.url, "POST", "/api/v1/sessions/refresh", {
      token: a.body.accessToken,
      body: { refreshToken: r.body.refreshToken },
    });
    assert.equal(full.status, 200);
  });

  it("kills the tokens of a blocked user and of a deleted service account at once", async () => {
    const admin = as(emu, emu.adminTokens.accessToken);
    const u = await emu.seedUser({ login: "to-block" });
    assert.equal((await as(emu, u.tokens.accessToken).get("/api/v1/users/info")).status, 200);
    assert.equal((await admin.post(`/api/v1/users/${u.id}`, { isBlocked: true })).status, 200);
    const blocked = await as(emu, u.tokens.accessToken).get("/api/v1/users/info");
    assert.equal(blocked.status, 401);
    const refresh = await call(emu.url, "POST", "/api/v1/sessions/refresh", {
      token: u.tokens.accessToken,
      body: { refreshToken: u.tokens.refreshToken },
    });
    assert.equal(refresh.status, 401);

    const sa = await emu.seedUser({ login: "ci-bot", isServiceAccount: true });
    assert.equal(
      (await as(emu, sa.tokens.accessToken).get("/api/v1/users/info")).body.isServiceAccount,
      true,
    );
    assert.equal((await admin.del(`/api/v1/users/${sa.id}`)).status, 200);
    assert.equal((await as(emu, sa.tokens.accessToken).get("/api/v1/users/info")).status, 401);
  });

  it("wraps responses in the base64 envelope unless X-Response-Format: raw, errors included", async () => {
    const ok = await call(emu.url, "GET", "/api/v1/app/features", {
      token: emu.adminTokens.accessToken,
      raw: false,
    });
    assert.equal(ok.body.format, "base64");
    assert.deepEqual(JSON.parse(Buffer.from(ok.body.content, "base64").toString()), [{ name: "vaultType" }]);
    const err = await call(emu.url, "GET", "/api/v1/vaults", { raw: false });
    assert.equal(err.status, 401);
    assert.equal(err.body.format, "base64");
    assert.ok(JSON.parse(Buffer.from(err.body.content, "base64").toString()).errors[0].code);
  });

  it("never writes token values into the request log", async () => {
    await as(emu, emu.adminTokens.accessToken).get("/api/v1/vaults");
    const log = await call(emu.url, "GET", "/_emulator/requests");
    const text = JSON.stringify(log.body);
    assert.ok(!text.includes(emu.adminTokens.accessToken));
    assert.ok(log.body.items.some((r: { principalId: string | null }) => r.principalId === emu.adminUserId));
  });
});
