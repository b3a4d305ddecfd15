import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator/server";
import { as, makeVault, start, type Api } from "./helpers";

const LEVELS = ["forbidden", "read", "edit", "full", "admin"] as const;
const RANK = { none: -1, forbidden: 0, read: 1, edit: 2, full: 3, admin: 4 } as const;
const KINDS = ["direct user", "group member", "service account"] as const;

describe("emulator: permission matrix (level × principal kind)", () => {
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

  /** A principal of the given kind holding `level` on a fresh vault with a folder and an item. */
  async function setup(kind: (typeof KINDS)[number], level: (typeof LEVELS)[number]) {
    n += 1;
    const vault = await makeVault(admin, `M${n}`);
    const folder = (await admin.post("/api/v1/folders", { name: "f", vaultId: vault })).body.id as string;
    const item = (await admin.post("/api/v1/items", { vaultId: vault, folderId: folder, name: "it" })).body
      .id as string;
    const who = await emu.seedUser({ login: `p${n}`, isServiceAccount: kind === "service account" });
    if (kind === "group member") {
      const g = (await admin.post("/api/v1/user-groups", { name: `g${n}`, userIds: [who.id] })).body.id;
      assert.equal(
        (
          await admin.post(`/api/v1/vaults/${vault}/access`, {
            principalType: "group",
            principalId: g,
            access: level,
          })
        ).status,
        200,
      );
    } else {
      assert.equal(
        (
          await admin.post(`/api/v1/vaults/${vault}/access`, {
            principalType: "user",
            principalId: who.id,
            access: level,
          })
        ).status,
        200,
      );
    }
    return { vault, folder, item, api: as(emu, who.tokens.accessToken) };
  }

  for (const kind of KINDS) {
    for (const level of LEVELS) {
      it(`${kind} with ${level}`, async () => {
        const { vault, folder, item, api } = await setup(kind, level);
        const r = RANK[level];
        const expect = async (min: number, what: string, p: Promise<{ status: number }>) => {
          const { status } = await p;
          assert.equal(status, r >= min ? 200 : 403, `${what}: ${kind}/${level} got ${status}`);
        };
        const listed = (await api.get("/api/v1/vaults")).body.items.some(
          (v: { id: string }) => v.id === vault,
        );
        assert.equal(listed, r >= RANK.read, "vault listing");
        const found = (await api.get(`/api/v1/items/search?vaultIds[]=${vault}`)).body.items.length;
        assert.equal(found, r >= RANK.read ? 1 : 0, "search");
        await expect(RANK.read, "get vault", api.get(`/api/v1/vaults/${vault}`));
        await expect(RANK.read, "get item", api.get(`/api/v1/items/${item}`));
        await expect(RANK.read, "list folders", api.get(`/api/v1/folders?vaultId=${vault}`));
        await expect(
          RANK.edit,
          "create item",
          api.post("/api/v1/items", { vaultId: vault, folderId: folder, name: "new" }),
        );
        await expect(RANK.edit, "patch item", api.patch(`/api/v1/items/${item}`, { name: "renamed" }));
        await expect(
          RANK.edit,
          "create folder",
          api.post("/api/v1/folders", { vaultId: vault, name: "sub" }),
        );
        await expect(RANK.full, "view access", api.get(`/api/v1/vaults/${vault}/access`));
        await expect(RANK.full, "snapshots", api.get(`/api/v1/items/${item}/snapshots`));
        await expect(
          RANK.full,
          "move item",
          api.post(`/api/v1/items/${item}/move`, { vaultId: vault, folderId: null }),
        );
        await expect(RANK.admin, "rename vault", api.post(`/api/v1/vaults/${vault}`, { name: "mine" }));
        await expect(
          RANK.admin,
          "manage access",
          api.post(`/api/v1/vaults/${vault}/access`, {
            principalType: "user",
            principalId: emu.adminUserId,
            access: "admin",
          }),
        );
        await expect(RANK.edit, "delete item", api.del(`/api/v1/items/${item}`));
        await expect(RANK.admin, "delete vault", api.del(`/api/v1/vaults/${vault}`));
      });
    }
  }

  it("folder grants override vault grants; direct grants beat group grants; forbidden hides", async () => {
    const vault = await makeVault(admin, "Override");
    const open = (await admin.post("/api/v1/folders", { name: "open", vaultId: vault })).body.id;
    const hidden = (await admin.post("/api/v1/folders", { name: "hidden", vaultId: vault })).body.id;
    const secret = (await admin.post("/api/v1/items", { vaultId: vault, folderId: hidden, name: "secret" }))
      .body.id;
    const u = await emu.seedUser({ login: "override-user" });
    const api = as(emu, u.tokens.accessToken);
    await admin.post(`/api/v1/vaults/${vault}/access`, {
      principalType: "user",
      principalId: u.id,
      access: "read",
    });
    await admin.post(`/api/v1/folders/${open}/access`, {
      principalType: "user",
      principalId: u.id,
      access: "edit",
    });
    await admin.post(`/api/v1/folders/${hidden}/access`, {
      principalType: "user",
      principalId: u.id,
      access: "forbidden",
    });
    assert.equal(
      (await api.post("/api/v1/items", { vaultId: vault, folderId: open, name: "ok" })).status,
      200,
    );
    assert.equal((await api.post("/api/v1/items", { vaultId: vault, name: "root" })).status, 403);
    assert.equal((await api.get(`/api/v1/items/${secret}`)).status, 403);
    const names = (await api.get(`/api/v1/folders?vaultId=${vault}`)).body.items.map(
      (f: { name: string }) => f.name,
    );
    assert.deepEqual(names, ["open"]);
    assert.ok(!(await api.get(`/api/v1/items/search?query=secret`)).body.items.length);
    // A group grant cannot lift a direct forbidden.
    const g = (await admin.post("/api/v1/user-groups", { name: "override-g", userIds: [u.id] })).body.id;
    await admin.post(`/api/v1/folders/${hidden}/access`, {
      principalType: "group",
      principalId: g,
      access: "admin",
    });
    assert.equal((await api.get(`/api/v1/items/${secret}`)).status, 403);
    // Highest group grant at the nearest level decides.
    const v2 = await makeVault(admin, "Groups");
    const g2 = (await admin.post("/api/v1/user-groups", { name: "override-g2", userIds: [u.id] })).body.id;
    await admin.post(`/api/v1/vaults/${v2}/access`, {
      principalType: "group",
      principalId: g,
      access: "read",
    });
    await admin.post(`/api/v1/vaults/${v2}/access`, {
      principalType: "group",
      principalId: g2,
      access: "edit",
    });
    assert.equal((await api.post("/api/v1/items", { vaultId: v2, name: "by group" })).status, 200);
    const eff = await admin.get(
      `/api/v1/directories/${v2}/effective-access?principalType=user&principalId=${u.id}`,
    );
    assert.deepEqual(eff.body.items, [
      {
        principalType: "user",
        principalId: u.id,
        access: "edit",
        source: { directoryId: v2, principalType: "group", principalId: g2 },
      },
    ]);
  });

  it("does not leak existence: deleted items answer 404 to those who could see them, 403 to others", async () => {
    const vault = await makeVault(admin, "Leak");
    const item = (await admin.post("/api/v1/items", { vaultId: vault, name: "gone" })).body.id;
    const outsider = as(emu, (await emu.seedUser({ login: "outsider" })).tokens.accessToken);
    assert.equal((await outsider.get(`/api/v1/items/${item}`)).status, 403);
    await admin.del(`/api/v1/items/${item}`);
    assert.equal((await admin.get(`/api/v1/items/${item}`)).status, 404);
    assert.equal((await outsider.get(`/api/v1/items/${item}`)).status, 403);
  });

  it("keeps at least one admin user on a vault (409 lastAdministrator)", async () => {
    const vault = await makeVault(admin, "Last", "privateShared");
    const down = await admin.post(`/api/v1/vaults/${vault}/access`, {
      principalType: "user",
      principalId: emu.adminUserId,
      access: "full",
    });
    assert.equal(down.status, 409);
    assert.equal(down.body.errors[0].code, "lastAdministrator");
    assert.equal((await admin.del(`/api/v1/vaults/${vault}/access/user/${emu.adminUserId}`)).status, 409);
    const other = await emu.seedUser({ login: "second-admin" });
    await admin.post(`/api/v1/vaults/${vault}/access`, {
      principalType: "user",
      principalId: other.id,
      access: "admin",
    });
    assert.equal((await admin.del(`/api/v1/vaults/${vault}/access/user/${emu.adminUserId}`)).status, 200);
    assert.equal((await admin.get(`/api/v1/vaults/${vault}`)).status, 403);
  });
});
