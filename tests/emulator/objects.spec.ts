import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator/server";
import { as, b64, call, makeVault, start, type Api } from "./helpers";

describe("emulator: vaults, folders, items, search, batch, bin", () => {
  let emu: RunningEmulator;
  let api: Api;
  before(async () => {
    emu = await start();
    api = as(emu, emu.adminTokens.accessToken);
  });
  after(async () => {
    await emu.close();
  });

  it("serves app features/settings and vault types with administrators", async () => {
    assert.deepEqual((await api.get("/api/v1/app/features")).body, [{ name: "vaultType" }]);
    assert.ok((await api.get("/api/v1/app/settings")).body.authPasswordComplexity);
    const types = (await api.get("/api/v1/vault-types/all")).body.items;
    assert.deepEqual(types.map((t: { code: string }) => t.code).sort(), ["company", "privateShared"]);
    const admins = await api.get(`/api/v1/vault-types/${types[0].id}/administrators`);
    assert.ok(admins.body.items.some((a: { id: string }) => a.id === emu.adminUserId));
  });

  it("requires typeId on vault create (vaultType feature); creates, renames, lists, deletes to the bin", async () => {
    const missing = await api.post("/api/v1/vaults", { name: "No type" });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.errors[0].field, "typeId");
    const id = await makeVault(api, "Ops");
    assert.equal((await api.get(`/api/v1/vaults/${id}`)).body.directoryAccess.access, "admin");
    assert.equal((await api.post(`/api/v1/vaults/${id}`, { name: "Ops2" })).body.name, "Ops2");
    assert.ok(
      (await api.get("/api/v1/vaults")).body.items.some(
        (v: { id: string; name: string }) => v.id === id && v.name === "Ops2",
      ),
    );
    const del = await api.del(`/api/v1/vaults/${id}`);
    assert.match(del.body.binItemId, /^[0-9a-f]{24}$/);
    assert.equal((await api.get(`/api/v1/vaults/${id}`)).status, 404);
    const restored = await api.post(`/api/v1/bin/${del.body.binItemId}/restore`);
    assert.equal(restored.body.id, id);
    assert.equal((await api.get(`/api/v1/vaults/${id}`)).status, 200);
  });

  it("folders: create, get with path, flat list, search, rename, move (refusing cycles), delete subtree as one unit", async () => {
    const v = await makeVault(api, "Tree");
    const a = (await api.post("/api/v1/folders", { name: "a", vaultId: v })).body.id;
    const b = (await api.post("/api/v1/folders", { name: "b", vaultId: v, parentFolderId: a })).body.id;
    const c = (await api.post("/api/v1/folders", { name: "c", vaultId: v, parentFolderId: b })).body.id;
    const got = (await api.get(`/api/v1/folders/${c}`)).body;
    assert.deepEqual(
      got.path.map((p: { name: string }) => p.name),
      ["Tree", "a", "b"],
    );
    assert.equal(got.path[0].folderId, null);
    assert.equal((await api.get(`/api/v1/folders?vaultId=${v}`)).body.items.length, 3);
    assert.deepEqual(
      (await api.get(`/api/v1/folders/search?query=B&vaultId=${v}`)).body.items.map(
        (f: { id: string }) => f.id,
      ),
      [b],
    );
    assert.equal((await api.post(`/api/v1/folders/${c}`, { name: "c2" })).body.name, "c2");
    const cycle = await api.post(`/api/v1/folders/${a}/move`, { targetFolderId: c });
    assert.equal(cycle.status, 400);
    assert.equal(cycle.body.errors[0].field, "targetFolderId");
    assert.equal((await api.post(`/api/v1/folders/${a}/move`, { targetFolderId: a })).status, 400);
    assert.equal(
      (await api.post(`/api/v1/folders/${c}/move`, { targetFolderId: null })).body.parentFolderId,
      null,
    );
    await api.post(`/api/v1/folders/${c}/move`, { targetFolderId: b });
    const item = (await api.post("/api/v1/items", { name: "deep", vaultId: v, folderId: c })).body.id;
    const del = await api.del(`/api/v1/folders/${a}`);
    assert.equal((await api.get(`/api/v1/folders?vaultId=${v}`)).body.items.length, 0);
    assert.equal((await api.get(`/api/v1/items/${item}`)).status, 404);
    const bin = (await api.get(`/api/v1/bin?vaultId=${v}`)).body.items;
    assert.deepEqual(
      bin.map((e: { objectType: string; objectId: string }) => [e.objectType, e.objectId]),
      [["folder", a]],
    );
    assert.equal((await api.post(`/api/v1/bin/${del.body.binItemId}/restore`)).body.id, a);
    assert.equal((await api.get(`/api/v1/folders?vaultId=${v}`)).body.items.length, 3);
    assert.equal((await api.get(`/api/v1/items/${item}`)).body.folderId, c);
  });

  it("items: create, get with path, PATCH (absent fields stay, lists replace), snapshots, move, list, delete + restore", async () => {
    const v = await makeVault(api, "Items");
    const f = (await api.post("/api/v1/folders", { name: "db", vaultId: v })).body.id;
    const customs = [{ name: b64("user"), value: b64("app"), type: b64("text") }];
    const id = (
      await api.post("/api/v1/items", {
        vaultId: v,
        folderId: f,
        name: "pg",
        login: "app",
        url: "https://db",
        description: "main db",
        passwordEncrypted: b64("s3cret"),
        tags: ["prod", "db"],
        color: 5,
        customs,
      })
    ).body.id;
    const item = (await api.get(`/api/v1/items/${id}`)).body;
    assert.equal(item.keyEncrypted, null);
    assert.equal(item.vaultMasterKeyEncrypted, null);
    assert.deepEqual(
      item.path.map((p: { name: string }) => p.name),
      ["Items", "db"],
    );
    assert.deepEqual(item.customs, customs);
    const wrongVault = await api.patch(`/api/v1/items/${id}`, { vaultId: "0".repeat(24), name: "x" });
    assert.equal(wrongVault.status, 400);
    assert.equal(wrongVault.body.errors[0].field, "vaultId");
    assert.equal(
      (await api.patch(`/api/v1/items/${id}`, { vaultId: v, tags: ["staging"], customs: [] })).status,
      200,
    );
    const after = (await api.get(`/api/v1/items/${id}`)).body;
    assert.deepEqual(after.tags, ["staging"]);
    assert.deepEqual(after.customs, []);
    assert.equal(after.login, "app");
    assert.equal(after.passwordEncrypted, b64("s3cret"));
    const unknownField = await api.patch(`/api/v1/items/${id}`, { password: "plain" });
    assert.equal(unknownField.status, 400);
    assert.equal(unknownField.body.errors[0].field, "password");
    const snaps = (await api.get(`/api/v1/items/${id}/snapshots`)).body.items;
    assert.equal(snaps.length, 2);
    const first = (await api.get(`/api/v1/items/${id}/snapshot/${snaps[0].id}`)).body;
    assert.deepEqual(first.tags, ["prod", "db"]);
    assert.equal(first.passwordEncrypted, b64("s3cret"));
    const root = (await api.post("/api/v1/items", { vaultId: v, name: "root item" })).body.id;
    assert.equal(
      (await api.get(`/api/v1/items?vaultId=${v}`)).body.items.length,
      2,
      "all items incl. subfolders",
    );
    assert.deepEqual(
      (await api.get(`/api/v1/items?vaultId=${v}&folderId=${f}`)).body.items.map((i: { id: string }) => i.id),
      [id],
    );
    const v2 = await makeVault(api, "Other");
    assert.equal((await api.post(`/api/v1/items/${root}/move`, { vaultId: v2, folderId: null })).status, 200);
    assert.equal((await api.get(`/api/v1/items/${root}`)).body.vaultId, v2);
    const del = await api.del(`/api/v1/items/${id}`);
    assert.equal((await api.get(`/api/v1/items/${id}`)).status, 404);
    assert.equal((await api.post(`/api/v1/bin/${del.body.binItemId}/restore`)).body.id, id);
    assert.equal((await api.get(`/api/v1/items/${id}`)).body.name, "pg");
  });

  it("search: query over name/url/description, tags AND, colours, vaultIds recursive, folderIds direct, PHP arrays", async () => {
    const v = await makeVault(api, "Search");
    const f = (await api.post("/api/v1/folders", { name: "f", vaultId: v })).body.id;
    const sub = (await api.post("/api/v1/folders", { name: "sub", vaultId: v, parentFolderId: f })).body.id;
    const mk = async (body: object) =>
      (await api.post("/api/v1/items", { vaultId: v, ...body })).body.id as string;
    const a = await mk({ name: "Alpha", folderId: f, tags: ["x", "y"], color: 3 });
    const b = await mk({ name: "beta", folderId: sub, tags: ["x"], url: "https://ALPHA.example" });
    const c = await mk({ name: "gamma", description: "has alpha inside", tags: ["y"] });
    const ids = async (qs: string) =>
      ((await api.get(`/api/v1/items/search?${qs}`)).body.items as { id: string }[]).map((i) => i.id).sort();
    assert.deepEqual(await ids(`query=alpha&vaultIds[]=${v}`), [a, b, c].sort());
    assert.deepEqual(await ids(`tags[]=x&tags[]=y&vaultIds[]=${v}`), [a]);
    assert.deepEqual(await ids(`tags%5B%5D=x&vaultIds%5B%5D=${v}`), [a, b].sort());
    assert.deepEqual(await ids(`colorCodes[]=3&vaultIds[]=${v}`), [a]);
    assert.deepEqual(await ids(`vaultIds[]=${v}`), [a, b, c].sort());
    assert.deepEqual(await ids(`folderIds[]=${f}`), [a]);
    const hit = (await api.get(`/api/v1/items/search?folderIds[]=${sub}`)).body.items[0];
    assert.deepEqual(
      hit.path.map((p: { name: string }) => p.name),
      ["Search", "f", "sub"],
    );
    assert.deepEqual((await api.get(`/api/v1/shortcuts/search?vaultIds[]=${v}`)).body, { items: [] });
  });

  it("batch: GET sub-requests as the caller, plain bodies, per-request status, at most 25", async () => {
    const v = await makeVault(api, "Batch");
    const id = (await api.post("/api/v1/items", { vaultId: v, name: "one" })).body.id;
    const r = await api.post("/api/v1/batch", {
      requests: [
        { method: "GET", relativeUrl: `/api/v1/items/${id}` },
        { method: "GET", relativeUrl: `/api/v1/items/${"0".repeat(24)}` },
      ],
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.responses[0].statusCode, 200);
    assert.equal(r.body.responses[0].body.name, "one");
    assert.equal(r.body.responses[1].statusCode, 404);
    assert.equal(r.body.responses[1].body.errors[0].code, "notFound");
    const tooMany = await api.post("/api/v1/batch", {
      requests: Array.from({ length: 26 }, () => ({ method: "GET", relativeUrl: `/api/v1/items/${id}` })),
    });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.errors[0].field, "requests");
    const stranger = await emu.seedUser({ login: "batch-stranger" });
    const denied = await as(emu, stranger.tokens.accessToken).post("/api/v1/batch", {
      requests: [{ method: "GET", relativeUrl: `/api/v1/items/${id}` }],
    });
    assert.equal(denied.body.responses[0].statusCode, 403);
  });

  it("validation errors name the field; unknown routes 404; wrong method 405", async () => {
    const r = await api.post("/api/v1/folders", { name: "", vaultId: "nope" });
    assert.equal(r.status, 400);
    assert.equal(r.body.errors[0].code, "validationError");
    assert.ok(["name", "vaultId"].includes(r.body.errors[0].field));
    assert.equal((await api.get("/api/v1/nothing")).status, 404);
    assert.equal(
      (await call(emu.url, "PATCH", "/api/v1/vaults", { token: emu.adminTokens.accessToken, body: {} }))
        .status,
      405,
    );
  });
});
