import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator/server";
import { as, call, makeVault, start, type Api } from "./helpers";

describe("emulator: users, groups, roles, activity log", () => {
  let emu: RunningEmulator;
  let admin: Api;
  before(async () => {
    emu = await start();
    admin = as(emu, emu.adminTokens.accessToken);
  });
  after(async () => {
    await emu.close();
  });

  it("manages users and groups as admin; plain users get 403 on management", async () => {
    const roles = (await admin.get("/api/v1/user-roles")).body.items;
    assert.deepEqual(roles.map((r: { code: string }) => r.code).sort(), ["admin", "owner", "user"]);
    const userRole = roles.find((r: { code: string }) => r.code === "user").id;
    const id = (
      await admin.post("/api/v1/users", {
        login: "svc-deploy",
        fullName: "Deploy bot",
        userRoleId: userRole,
        isServiceAccount: true,
      })
    ).body.id;
    const listed = (await admin.get("/api/v1/users?login=svc-deploy")).body.items;
    assert.equal(listed[0].id, id);
    assert.equal((await admin.get("/api/v1/users?isServiceAccount=1")).body.items.length, 1);
    const gid = (await admin.post("/api/v1/user-groups", { name: "devops", userIds: [id] })).body.id;
    assert.deepEqual((await admin.get(`/api/v1/users/${id}`)).body.userGroupIds, [gid]);
    assert.equal((await admin.get(`/api/v1/user-groups/${gid}`)).body.name, "devops");
    assert.equal(
      (await admin.post(`/api/v1/user-groups/${gid}`, { description: "ops people" })).body.description,
      "ops people",
    );
    assert.equal((await admin.get("/api/v1/user-groups?name=devops")).body.items.length, 1);
    const dup = await admin.post("/api/v1/users", {
      login: "svc-deploy",
      fullName: "x",
      userRoleId: userRole,
    });
    assert.equal(dup.status, 409);

    const plain = as(emu, (await emu.seedUser({ login: "plain" })).tokens.accessToken);
    assert.equal(
      (await plain.post("/api/v1/users", { login: "x", fullName: "x", userRoleId: userRole })).status,
      403,
    );
    assert.equal((await plain.post("/api/v1/user-groups", { name: "mine" })).status, 403);
    assert.equal((await plain.del(`/api/v1/user-groups/${gid}`)).status, 403);
    assert.equal((await plain.get("/api/v1/users/info")).body.login, "plain");

    // Deleting removes grants and memberships.
    const v = await makeVault(admin, "Principals");
    await admin.post(`/api/v1/vaults/${v}/access`, {
      principalType: "user",
      principalId: id,
      access: "read",
    });
    assert.equal((await admin.del(`/api/v1/users/${id}`)).status, 200);
    assert.deepEqual((await admin.get(`/api/v1/user-groups/${gid}`)).body.userIds, []);
    assert.ok(
      !(await admin.get(`/api/v1/vaults/${v}/access`)).body.items.some(
        (g: { principalId: string }) => g.principalId === id,
      ),
    );
    assert.equal((await admin.del(`/api/v1/user-groups/${gid}`)).status, 200);
    assert.equal((await admin.get(`/api/v1/user-groups/${gid}`)).status, 404);
  });

  it("folder access grants: list, set, revoke; effective access lists everyone with a source", async () => {
    const v = await makeVault(admin, "FolderAccess");
    const f = (await admin.post("/api/v1/folders", { name: "f", vaultId: v })).body.id;
    const u = await emu.seedUser({ login: "folder-user" });
    const g = await admin.post(`/api/v1/folders/${f}/access`, {
      principalType: "user",
      principalId: u.id,
      access: "full",
    });
    assert.equal(g.body.access, "full");
    assert.equal(g.body.grantedBy, emu.adminUserId);
    assert.equal((await admin.get(`/api/v1/folders/${f}/access`)).body.items.length, 1);
    const eff = (await admin.get(`/api/v1/directories/${f}/effective-access`)).body.items;
    const mine = eff.find((e: { principalId: string }) => e.principalId === u.id);
    assert.deepEqual(mine.source, { directoryId: f, principalType: "user", principalId: u.id });
    const adminEff = eff.find((e: { principalId: string }) => e.principalId === emu.adminUserId);
    assert.equal(adminEff.source.directoryId, v);
    assert.equal((await admin.del(`/api/v1/folders/${f}/access/user/${u.id}`)).status, 200);
    assert.equal((await as(emu, u.tokens.accessToken).get(`/api/v1/folders/${f}`)).status, 403);
    const bad = await admin.post(`/api/v1/folders/${f}/access`, {
      principalType: "user",
      principalId: u.id,
      access: "owner",
    });
    assert.equal(bad.body.errors[0].field, "access");
  });

  it("records every operation in the activity log with the acting identity, incl. item.read", async () => {
    const u = await emu.seedUser({ login: "auditor-subject" });
    const api = as(emu, u.tokens.accessToken);
    const v = await makeVault(api, "Audited");
    const item = (await api.post("/api/v1/items", { vaultId: v, name: "x", passwordEncrypted: "c2VjcmV0" }))
      .body.id;
    await api.get(`/api/v1/items/${item}`);
    await api.patch(`/api/v1/items/${item}`, { name: "y" });
    await api.del(`/api/v1/items/${item}`);
    const log = (await admin.get(`/api/v1/activity-log?objectId=${item}`)).body;
    assert.deepEqual(
      log.items.map((e: { action: string }) => e.action),
      ["item_created", "item_viewed", "item_edited", "item_deleted"],
    );
    assert.ok(
      log.items.every(
        (e: { userId: string; login: string }) => e.userId === u.id && e.login === "auditor-subject",
      ),
    );
    assert.equal(log.total, 4);
    assert.ok(!JSON.stringify(log).includes("c2VjcmV0"), "no secret values in the audit log");
    const paged = (await admin.get(`/api/v1/activity-log?objectId=${item}&perPage=2&page=2`)).body;
    assert.deepEqual(
      paged.items.map((e: { action: string }) => e.action),
      ["item_edited", "item_deleted"],
    );
    const other = as(emu, (await emu.seedUser({ login: "nosy" })).tokens.accessToken);
    assert.equal((await other.get(`/api/v1/activity-log?objectId=${item}`)).body.total, 0);
  });
});

describe("emulator: control endpoints and robustness", () => {
  let emu: RunningEmulator;
  let admin: Api;
  before(async () => {
    emu = await start({ bodyLimitBytes: 64 * 1024 });
    admin = as(emu, emu.adminTokens.accessToken);
  });
  after(async () => {
    await emu.close();
  });

  it("seeds users and mints token pairs over HTTP", async () => {
    const u = await call(emu.url, "POST", "/_emulator/users", {
      body: { login: "seeded", role: "admin", fullName: "Seeded" },
    });
    assert.match(u.body.id, /^[0-9a-f]{24}$/);
    const t = await call(emu.url, "POST", "/_emulator/tokens", {
      body: { userId: u.body.id, accessTokenTtlSeconds: 60 },
    });
    assert.ok(t.body.accessTokenExpiredAt - Date.now() / 1000 <= 61);
    assert.equal((await as(emu, t.body.accessToken).get("/api/v1/users/info")).body.login, "seeded");
    const bad = await call(emu.url, "POST", "/_emulator/users", { body: { login: "bad login!" } });
    assert.equal(bad.body.errors[0].field, "login");
    assert.deepEqual((await call(emu.url, "GET", "/_emulator/health")).body, { status: "ok" });
  });

  it("injects 429 with Retry-After, 5xx, delays, resets and reset-after-commit for the next N matching calls", async () => {
    await call(emu.url, "POST", "/_emulator/faults", {
      body: { method: "GET", path: "/api/v1/vaults", count: 2, kind: "status", status: 429, retryAfter: 3 },
    });
    const r1 = await admin.get("/api/v1/vaults");
    assert.equal(r1.status, 429);
    assert.equal(r1.headers.get("retry-after"), "3");
    assert.equal((await admin.get("/api/v1/vaults")).status, 429);
    assert.equal((await admin.get("/api/v1/vaults")).status, 200);

    await call(emu.url, "POST", "/_emulator/faults", {
      body: { path: "/api/v1/app/*", kind: "status", status: 503, count: 5 },
    });
    assert.equal((await admin.get("/api/v1/app/settings")).status, 503);
    assert.equal((await call(emu.url, "DELETE", "/_emulator/faults")).status, 200);
    assert.equal((await admin.get("/api/v1/app/settings")).status, 200, "cleared faults no longer fire");

    await call(emu.url, "POST", "/_emulator/faults", {
      body: { path: "/api/v1/vaults", kind: "delay", delayMs: 150 },
    });
    const t0 = Date.now();
    assert.equal((await admin.get("/api/v1/vaults")).status, 200);
    assert.ok(Date.now() - t0 >= 140);

    await call(emu.url, "POST", "/_emulator/faults", { body: { path: "/api/v1/vaults", kind: "reset" } });
    await assert.rejects(admin.get("/api/v1/vaults"));

    const v = await makeVault(admin, "Faulty");
    await call(emu.url, "POST", "/_emulator/faults", {
      body: { method: "POST", path: "/api/v1/items", kind: "resetAfterCommit" },
    });
    await assert.rejects(admin.post("/api/v1/items", { vaultId: v, name: "committed" }));
    const found = (await admin.get(`/api/v1/items?vaultId=${v}`)).body.items.map(
      (i: { name: string }) => i.name,
    );
    assert.deepEqual(found, ["committed"], "the write happened although no answer came");
  });

  it("logs requests and counts them by route template; clears the log", async () => {
    await call(emu.url, "DELETE", "/_emulator/requests");
    const v = await makeVault(admin, "Logged");
    await admin.get(`/api/v1/vaults/${v}`);
    const log = (await call(emu.url, "GET", "/_emulator/requests")).body.items;
    assert.ok(
      log.some(
        (r: { method: string; path: string; status: number }) =>
          r.method === "GET" && r.path === `/api/v1/vaults/${v}` && r.status === 200,
      ),
    );
    const stats = (await call(emu.url, "GET", "/_emulator/stats")).body;
    assert.ok(stats.counts["GET /api/v1/vaults/:id"] >= 1);
    assert.ok(stats.peakInFlight >= 1);
    assert.ok(stats.connectionsOpened >= 1);
  });

  it("refuses oversized (413) and malformed (400 invalidJson) bodies and keeps serving", async () => {
    const big = await call(emu.url, "POST", "/api/v1/vaults", {
      token: emu.adminTokens.accessToken,
      rawBody: JSON.stringify({ name: "x".repeat(200_000) }),
    });
    assert.equal(big.status, 413);
    assert.equal(big.body.errors[0].code, "payloadTooLarge");
    const bad = await call(emu.url, "POST", "/api/v1/vaults", {
      token: emu.adminTokens.accessToken,
      rawBody: "{not json",
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].code, "invalidJson");
    assert.equal((await admin.get("/api/v1/vaults")).status, 200);
  });

  it("reset brings back a fresh emulator with a new admin pair", async () => {
    await makeVault(admin, "Before reset");
    const r = await call(emu.url, "POST", "/_emulator/reset");
    assert.equal(r.status, 200);
    const fresh = as(emu, r.body.accessToken);
    assert.deepEqual((await fresh.get("/api/v1/vaults")).body.items, []);
    assert.equal((await admin.get("/api/v1/vaults")).status, 401, "old tokens are gone");
  });
});
