/**
 * Requests for connection under client-side encryption (emulator/store/connection-requests.ts): a user
 * who reaches a vault only through a group and holds no vault key has a pending request, cannot use the
 * vault, and gets it once a vault administrator approves with the key; without CSE nothing changes.
 * Key blobs are opaque to the emulator, so plain strings stand in for them here (the client spec
 * decrypts for real).
 */
import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator/server";
import { as, start, type Api } from "./helpers";

const V1 = "/api/v1";

async function companyTypeId(api: Api): Promise<string> {
  return (await api.get(`${V1}/vault-types/all`)).body.items.find(
    (t: { code: string }) => t.code === "company",
  ).id;
}

describe("emulator: requests for connection (client-side encryption)", function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  let admin: Api;
  let n = 0;

  before(async () => {
    emu = await start({ clientSideEncryption: true });
    admin = as(emu, emu.adminTokens.accessToken);
  });
  after(async () => emu?.close());

  /** A CSE vault with an item, a group with a vault grant, and a member who holds no key. */
  async function setup(level = "read") {
    n += 1;
    const vault = (
      await admin.post(`${V1}/vaults`, {
        name: `cr${n}`,
        typeId: await companyTypeId(admin),
        masterKeyEncrypted: "vault-key-for-admin",
      })
    ).body.id as string;
    const item = (
      await admin.post(`${V1}/items`, {
        vaultId: vault,
        name: "db",
        passwordEncrypted: "cipher",
        keyEncrypted: "item-key",
      })
    ).body.id as string;
    const member = await emu.seedUser({ login: `member${n}` });
    const group = (await admin.post(`${V1}/user-groups`, { name: `team${n}`, userIds: [member.id] })).body
      .id as string;
    const granted = await admin.post(`${V1}/vaults/${vault}/access`, {
      principalType: "group",
      principalId: group,
      access: level,
    });
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    return { vault, item, group, member, api: as(emu, member.tokens.accessToken) };
  }

  const requestsOf = async (vault: string) =>
    (await admin.get(`${V1}/vaults/${vault}/connection-requests`)).body.items as {
      vaultId: string;
      userId: string;
      userGroupIds: string[];
    }[];

  it("a group-only member has a pending request and cannot use the vault until it is approved", async () => {
    const { vault, item, group, member, api } = await setup();
    assert.deepEqual(await requestsOf(vault), [{ vaultId: vault, userId: member.id, userGroupIds: [group] }]);
    assert.deepEqual(
      (await admin.get(`${V1}/connection-requests?userGroupId=${group}`)).body.items.map(
        (r: { userId: string }) => r.userId,
      ),
      [member.id],
    );

    assert.deepEqual((await api.get(`${V1}/items?vaultId=${vault}`)).body.items, [], "lists no item");
    assert.equal((await api.get(`${V1}/items/${item}`)).status, 403, "cannot read an item");
    assert.equal((await api.get(`${V1}/folders?vaultId=${vault}`)).status, 200);
    // The vault shows (the request is the user's way in), with no key and no permissions.
    const waiting = await api.get(`${V1}/vaults/${vault}`);
    assert.equal(waiting.status, 200);
    assert.equal(waiting.body.masterKeyEncrypted, null);
    assert.deepEqual(waiting.body.permissions, []);
    assert.equal(waiting.body.directoryAccess.access, "navigation");
    assert.ok((await api.get(`${V1}/vaults`)).body.items.some((v: { id: string }) => v.id === vault));
    // Only a vault administrator sees and approves requests.
    assert.equal((await api.get(`${V1}/vaults/${vault}/connection-requests`)).status, 403);
    assert.equal(
      (await api.post(`${V1}/vaults/${vault}/connection-requests/${member.id}`, { keyEncrypted: "x" }))
        .status,
      403,
    );
    assert.equal(
      (await admin.post(`${V1}/vaults/${vault}/connection-requests/${member.id}`, {})).status,
      400,
      "approval carries the wrapped key",
    );

    const approved = await admin.post(`${V1}/vaults/${vault}/connection-requests/${member.id}`, {
      keyEncrypted: "vault-key-for-member",
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.deepEqual(await requestsOf(vault), []);
    const seen = await api.get(`${V1}/vaults/${vault}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.masterKeyEncrypted, "vault-key-for-member", "the member's own copy of the key");
    assert.equal(seen.body.directoryAccess.access, "read");
    assert.deepEqual(
      (await api.get(`${V1}/items?vaultId=${vault}`)).body.items.map((i: { id: string }) => i.id),
      [item],
    );
    const log = (await admin.get(`${V1}/activity-log?objectId=${vault}&action=user_added_to_vault`)).body
      .items;
    assert.ok(
      log.some((e: { details?: { principalId?: string } }) => e.details?.principalId === member.id),
      "approval logs user_added_to_vault",
    );
    assert.equal(
      (await admin.post(`${V1}/vaults/${vault}/connection-requests/${member.id}`, { keyEncrypted: "again" }))
        .status,
      404,
      "nothing left to approve",
    );
  });

  it("follows membership and grants in any order, and disappears when the cause does", async () => {
    const { vault, group, api: pendingApi } = await setup("edit");
    const later = await emu.seedUser({ login: `later${n}` });
    assert.equal((await requestsOf(vault)).length, 1);
    // Added to the group after the grant: a request too.
    await admin.post(`${V1}/user-groups/${group}`, { userIds: [...(await members(group)), later.id] });
    assert.ok((await requestsOf(vault)).some((r) => r.userId === later.id));
    // Leaves the group: the request goes.
    await admin.post(`${V1}/user-groups/${group}`, {
      userIds: (await members(group)).filter((u) => u !== later.id),
    });
    assert.ok(!(await requestsOf(vault)).some((r) => r.userId === later.id));

    // With a direct folder grant besides, the vault is visible, but the held-back group level is not its level.
    const own = (await admin.post(`${V1}/folders`, { name: "own", vaultId: vault })).body.id as string;
    const pendingId = (await requestsOf(vault))[0]!.userId;
    await admin.post(`${V1}/folders/${own}/access`, {
      principalType: "user",
      principalId: pendingId,
      access: "read",
    });
    const view = await pendingApi.get(`${V1}/vaults/${vault}`);
    assert.equal(view.status, 200);
    assert.equal(view.body.directoryAccess.access, "navigation");
    assert.deepEqual(view.body.permissions, []);
    await admin.del(`${V1}/folders/${own}/access/user/${pendingId}`);

    // A group grant on a folder connects too; revoking it removes the request.
    const folder = (await admin.post(`${V1}/folders`, { name: "apps", vaultId: vault })).body.id as string;
    const other = await emu.seedUser({ login: `folderonly${n}` });
    const g2 = (await admin.post(`${V1}/user-groups`, { name: `apps${n}`, userIds: [other.id] })).body.id;
    await admin.post(`${V1}/folders/${folder}/access`, {
      principalType: "group",
      principalId: g2,
      access: "read",
    });
    assert.ok((await requestsOf(vault)).some((r) => r.userId === other.id && r.userGroupIds.includes(g2)));
    await admin.del(`${V1}/folders/${folder}/access/group/${g2}`);
    assert.ok(!(await requestsOf(vault)).some((r) => r.userId === other.id));

    // "Connect without access" (a direct `connect` grant, with the key) connects the user too: the
    // group's level then works at once.
    const connected = await emu.seedUser({ login: `connected${n}` });
    await admin.post(`${V1}/user-groups/${group}`, { userIds: [...(await members(group)), connected.id] });
    assert.ok((await requestsOf(vault)).some((r) => r.userId === connected.id));
    const connect = await admin.post(`${V1}/vaults/${vault}/access`, {
      principalType: "user",
      principalId: connected.id,
      access: "connect",
      keyEncrypted: "vault-key-connected",
    });
    assert.equal(connect.status, 200, JSON.stringify(connect.body));
    assert.ok(!(await requestsOf(vault)).some((r) => r.userId === connected.id));
    const seen = await as(emu, connected.tokens.accessToken).get(`${V1}/vaults/${vault}`);
    assert.equal(seen.body.directoryAccess.access, "edit", "the group's level");
    await admin.post(`${V1}/user-groups/${group}`, {
      userIds: (await members(group)).filter((u) => u !== connected.id),
    });

    // A direct grant with the key connects the user: no request.
    const direct = (await requestsOf(vault))[0]!.userId;
    await admin.post(`${V1}/vaults/${vault}/access`, {
      principalType: "user",
      principalId: direct,
      access: "read",
      keyEncrypted: "vault-key-direct",
    });
    assert.deepEqual(await requestsOf(vault), []);

    // A forbidden group grant connects nobody; a deleted group takes its requests with it.
    const g3User = await emu.seedUser({ login: `g3${n}` });
    const g3 = (await admin.post(`${V1}/user-groups`, { name: `g3-${n}`, userIds: [g3User.id] })).body.id;
    await admin.post(`${V1}/vaults/${vault}/access`, {
      principalType: "group",
      principalId: g3,
      access: "forbidden",
    });
    assert.deepEqual(await requestsOf(vault), []);
    await admin.post(`${V1}/vaults/${vault}/access`, {
      principalType: "group",
      principalId: g3,
      access: "read",
    });
    assert.deepEqual(
      (await requestsOf(vault)).map((r) => r.userId),
      [g3User.id],
    );
    await admin.del(`${V1}/user-groups/${g3}`);
    assert.deepEqual(await requestsOf(vault), []);
  });

  async function members(group: string): Promise<string[]> {
    return (await admin.get(`${V1}/user-groups/${group}`)).body.userIds;
  }
});

describe("emulator: no requests for connection without client-side encryption", () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await start();
  });
  after(async () => emu?.close());

  it("a group member reads at once; there is nothing to list or approve", async () => {
    const admin = as(emu, emu.adminTokens.accessToken);
    const vault = (await admin.post(`${V1}/vaults`, { name: "plain", typeId: await companyTypeId(admin) }))
      .body.id as string;
    const item = (await admin.post(`${V1}/items`, { vaultId: vault, name: "db" })).body.id as string;
    const member = await emu.seedUser({ login: "plain.member" });
    const group = (await admin.post(`${V1}/user-groups`, { name: "plain", userIds: [member.id] })).body.id;
    await admin.post(`${V1}/vaults/${vault}/access`, {
      principalType: "group",
      principalId: group,
      access: "read",
    });
    assert.deepEqual((await admin.get(`${V1}/vaults/${vault}/connection-requests`)).body.items, []);
    assert.deepEqual((await admin.get(`${V1}/connection-requests`)).body.items, []);
    assert.equal((await as(emu, member.tokens.accessToken).get(`${V1}/items/${item}`)).status, 200);
    assert.equal(
      (await admin.post(`${V1}/vaults/${vault}/connection-requests/${member.id}`, { keyEncrypted: "k" }))
        .status,
      404,
    );
  });
});
