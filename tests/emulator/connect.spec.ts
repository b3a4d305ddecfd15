// The emulator's enforcement of "Connect without access" (`connect`): a user's direct membership with
// no level of its own. The walk goes past it (to a direct grant higher up, else the groups' level,
// else no access); a group cannot take it; under client-side encryption it carries the user's vault key.
import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator/server";
import { as, makeVault, start, type Api } from "./helpers";

describe("emulator: connect (Connect without access)", () => {
  let emu: RunningEmulator;
  let admin: Api;
  let n = 0;
  before(async () => {
    emu = await start();
    admin = as(emu, emu.adminTokens.accessToken);
  });
  after(async () => {
    await emu.close();
  });

  /** A company vault with one folder, and a fresh plain user. */
  async function setup() {
    n += 1;
    const vault = await makeVault(admin, `C${n}`);
    const folder = (await admin.post("/api/v1/folders", { name: "f", vaultId: vault })).body.id as string;
    const who = await emu.seedUser({ login: `c${n}` });
    return { vault, folder, id: who.id, api: as(emu, who.tokens.accessToken) };
  }
  const grant = (dir: string, principalType: "user" | "group", principalId: string, access: string) =>
    admin.post(`/api/v1/${dir}/access`, { principalType, principalId, access });
  const effectiveFor = async (dirId: string, userId: string) =>
    (
      await admin.get(
        `/api/v1/directories/${dirId}/effective-access?principalType=user&principalId=${userId}`,
      )
    ).body.items as { access: string; source: { directoryId: string; principalType: string } }[];

  it("connect + a group grant: the group's level applies (read, not edit)", async () => {
    const s = await setup();
    const group = (await admin.post("/api/v1/user-groups", { name: `g${n}`, userIds: [s.id] })).body.id;
    assert.equal((await grant(`vaults/${s.vault}`, "group", group, "read")).status, 200);
    const connected = await grant(`vaults/${s.vault}`, "user", s.id, "connect");
    assert.equal(connected.status, 200, JSON.stringify(connected.body));
    assert.equal(connected.body.access, "connect");
    const listed = (await admin.get(`/api/v1/vaults/${s.vault}/access`)).body.items.find(
      (g: { principalId: string }) => g.principalId === s.id,
    );
    assert.equal(listed.access, "connect", "the grant is listed with its code");
    const view = await s.api.get(`/api/v1/vaults/${s.vault}`);
    assert.equal(view.status, 200);
    assert.equal(view.body.directoryAccess.access, "read");
    assert.equal(
      (await s.api.post("/api/v1/folders", { name: "nope", vaultId: s.vault })).status,
      403,
      "read allows no folder",
    );
    assert.deepEqual(
      (await effectiveFor(s.vault, s.id)).map((e) => [e.access, e.source.principalType]),
      [["read", "group"]],
    );
  });

  it("connect on a folder below a direct vault grant: the vault grant decides, even over a nearer group", async () => {
    const s = await setup();
    const group = (await admin.post("/api/v1/user-groups", { name: `g${n}`, userIds: [s.id] })).body.id;
    assert.equal((await grant(`vaults/${s.vault}`, "user", s.id, "edit")).status, 200);
    assert.equal((await grant(`folders/${s.folder}`, "group", group, "full")).status, 200);
    assert.equal((await grant(`folders/${s.folder}`, "user", s.id, "connect")).status, 200);
    const [e] = await effectiveFor(s.folder, s.id);
    assert.equal(e?.access, "edit");
    assert.deepEqual(e?.source, { directoryId: s.vault, principalType: "user", principalId: s.id });
    // edit lets the user create in the folder; full (the group's) would also let them move — not here.
    assert.equal(
      (await s.api.post("/api/v1/items", { vaultId: s.vault, folderId: s.folder, name: "x" })).status,
      200,
    );
  });

  it("connect alone: no access, the vault is invisible", async () => {
    const s = await setup();
    assert.equal((await grant(`vaults/${s.vault}`, "user", s.id, "connect")).status, 200);
    assert.deepEqual(await effectiveFor(s.vault, s.id), []);
    assert.equal((await s.api.get(`/api/v1/vaults/${s.vault}`)).status, 403);
    const list = await s.api.get("/api/v1/vaults");
    assert.ok(!JSON.stringify(list.body).includes(s.vault), "not listed");
  });

  it("a group cannot be connected without access: 400 naming the field", async () => {
    const s = await setup();
    const group = (await admin.post("/api/v1/user-groups", { name: `g${n}`, userIds: [] })).body.id;
    for (const dir of [`vaults/${s.vault}`, `folders/${s.folder}`]) {
      const r = await grant(dir, "group", group, "connect");
      assert.equal(r.status, 400);
      assert.equal(r.body.errors[0].field, "access");
      assert.match(
        r.body.errors[0].message,
        /Connect without access\) is for users; .* revoke its grant instead/,
      );
    }
  });

  it("connect demotes no vault-type administrator: they stay admin", async () => {
    const s = await setup();
    const boss = await emu.seedUser({ login: `boss${n}`, role: "admin" });
    assert.equal((await grant(`vaults/${s.vault}`, "user", boss.id, "connect")).status, 200);
    assert.equal((await grant(`vaults/${s.vault}`, "user", boss.id, "read")).status, 409);
    assert.equal((await effectiveFor(s.vault, boss.id))[0]?.access, "admin");
  });

  describe("under client-side encryption", () => {
    let cse: RunningEmulator;
    let root: Api;
    before(async () => {
      cse = await start({ clientSideEncryption: true });
      root = as(cse, cse.adminTokens.accessToken);
    });
    after(async () => {
      await cse.close();
    });

    it("a connect grant on a vault carries the user's vault key; the group's level then reads with it", async () => {
      const types = await root.get("/api/v1/vault-types/all");
      const typeId = types.body.items.find((t: { code: string }) => t.code === "company").id;
      const created = await root.post("/api/v1/vaults", {
        name: "sealed",
        typeId,
        masterKeyEncrypted: "blob-root",
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const vault = created.body.id as string;
      const bob = await cse.seedUser({ login: "bob" });
      const group = (await root.post("/api/v1/user-groups", { name: "readers", userIds: [bob.id] })).body.id;
      const body = { principalType: "group", principalId: group, access: "read" };
      assert.equal((await root.post(`/api/v1/vaults/${vault}/access`, body)).status, 200);
      const asBob = as(cse, bob.tokens.accessToken);
      assert.equal((await asBob.get(`/api/v1/vaults/${vault}`)).body.masterKeyEncrypted, null, "no key yet");
      const keyless = await root.post(`/api/v1/vaults/${vault}/access`, {
        principalType: "user",
        principalId: bob.id,
        access: "connect",
      });
      assert.equal(keyless.status, 400);
      assert.equal(keyless.body.errors[0].field, "keyEncrypted");
      const keyed = await root.post(`/api/v1/vaults/${vault}/access`, {
        principalType: "user",
        principalId: bob.id,
        access: "connect",
        keyEncrypted: "blob-bob",
      });
      assert.equal(keyed.status, 200, JSON.stringify(keyed.body));
      const view = (await asBob.get(`/api/v1/vaults/${vault}`)).body;
      assert.equal(view.masterKeyEncrypted, "blob-bob");
      assert.equal(view.directoryAccess.access, "read");
    });
  });
});
