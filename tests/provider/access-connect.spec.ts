// "Connect without access" through the resources: a VaultAccess / FolderAccess / AccessPolicy grant of
// `connect` to a user is created, read back, updated and deleted like any grant; the walk goes past it
// (the group's level applies); a group with `connect` is refused at check naming the field; the review
// shows the membership state; under client-side encryption it shares the vault key.
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { providerContext } from "../../provider/config";
import { resetClaims } from "../../provider/resources/access/claims";
import { provider as accessPolicy } from "../../provider/resources/access-policy";
import { provider as folderAccess } from "../../provider/resources/folder-access";
import { provider as vaultAccess } from "../../provider/resources/vault-access";
import { generateUserKeys } from "../../provider/client/crypto/keychain";
import { effectiveAccessReport } from "../../sdk/review/effective-report";
import { directDriver } from "./drivers";
import { checkAndCreate, checkDiffUpdate, grantsOf, makeLayout, type Layout } from "./access-helpers";
import { actAsCseAdmin, startFixture, type ProviderFixture } from "./fixture";

describe("provider: connect (Connect without access)", () => {
  let fx: ProviderFixture;
  let l: Layout;
  let bob: string;
  let readers: string;

  before(async () => {
    fx = await startFixture();
    l = await makeLayout(fx);
    bob = (await fx.emu.seedUser({ login: "bob" })).id;
    readers = (await fx.raw("POST", "/user-groups", { name: "readers", userIds: [bob] })).id as string;
    await fx.raw("POST", `/vaults/${l.vault}/access`, {
      principalType: "group",
      principalId: readers,
      access: "read",
    });
  });
  after(async () => fx.close());
  afterEach(resetClaims);

  const bobOn = async (dirId: string) =>
    (await fx.raw("GET", `/directories/${dirId}/effective-access?principalType=user&principalId=${bob}`))
      .items as { access: string; source: { principalType: string } }[];

  it("VaultAccess: create, read, update to a level and back, delete (reset to the group's level)", async () => {
    const inputs = { vaultId: l.vault, principal: { userId: bob }, level: "connect" };
    const { id, outs } = await checkAndCreate(vaultAccess, inputs);
    assert.equal(outs.level, "connect");
    assert.ok((await grantsOf(fx, "vaults", l.vault)).includes(`user:${bob}:connect`));
    // Connected without access: the group's read applies.
    assert.deepEqual(
      (await bobOn(l.vault)).map((e) => [e.access, e.source.principalType]),
      [["read", "group"]],
    );
    const read = await vaultAccess.read!(id, outs);
    assert.deepEqual(read.props, outs, "read back as connect: no drift");

    const up = await checkDiffUpdate(vaultAccess, id, outs, { ...inputs, level: "edit" });
    assert.deepEqual([up.diff.changes, up.outs.level], [true, "edit"]);
    assert.deepEqual(
      (await bobOn(l.vault)).map((e) => e.access),
      ["edit"],
    );
    const back = await checkDiffUpdate(vaultAccess, id, up.outs, inputs);
    assert.equal(back.outs.level, "connect");
    assert.deepEqual(
      (await bobOn(l.vault)).map((e) => e.access),
      ["read"],
    );

    await vaultAccess.delete!(id, back.outs);
    assert.ok(!(await grantsOf(fx, "vaults", l.vault)).some((g) => g.startsWith(`user:${bob}:`)));
    assert.deepEqual(
      (await bobOn(l.vault)).map((e) => e.access),
      ["read"],
      "reset: the group's level",
    );
  });

  it("FolderAccess and AccessPolicy refuse connect for a group at check, naming the field and the fix", async () => {
    const single = await folderAccess.check!(
      {},
      { folderId: l.production, principal: { groupId: readers }, level: "connect" },
    );
    assert.equal(single.failures?.length, 1);
    assert.equal(single.failures![0]!.property, "level");
    assert.match(
      single.failures![0]!.reason,
      /connect \("Connect without access"\) is for users and service accounts; .*"Not set" .*remove this grant for the group/,
    );
    const policy = await accessPolicy.check!(
      {},
      { folderId: l.production, grants: [{ principal: { groupId: readers }, level: "connect" }] },
    );
    assert.equal(policy.failures?.length, 1);
    assert.match(policy.failures![0]!.property, /^grants/);
    assert.match(policy.failures![0]!.reason, /is for users and service accounts/);
    // Nothing was sent: the folder still has no grant.
    assert.deepEqual(await grantsOf(fx, "folders", l.production), []);
  });

  it("AccessPolicy: connect for a user on a folder, shown in the review as membership apart from the level", async () => {
    const { outs } = await checkAndCreate(accessPolicy, {
      folderId: l.staging,
      grants: [{ principal: { userId: bob }, level: "connect" }],
    });
    assert.deepEqual(outs.grants, [{ principal: { userId: bob }, level: "connect" }]);
    assert.deepEqual(await grantsOf(fx, "folders", l.staging), [`user:${bob}:connect`]);
    const { client } = providerContext();
    const report = await effectiveAccessReport(client, { vaultId: l.vault });
    const staging = report.rows.find((r) => r.principalId === bob && r.directoryId === l.staging)!;
    assert.equal(staging.level, "read");
    assert.equal(staging.connectedWithoutAccess, true);
    assert.match(
      staging.reason,
      /connected without access on infrastructure\/staging: the groups' level applies/,
    );
    assert.match(
      report.markdown,
      /\| user bob \| direct \(Connect without access on infrastructure\/staging\); through group readers \|/,
    );
  });
});

describe("provider: connect under client-side encryption", function () {
  this.timeout(30_000);
  let fx: ProviderFixture;
  const d = directDriver();

  before(async () => {
    fx = await startFixture({ clientSideEncryption: true });
    await actAsCseAdmin(fx, "cse-admin");
  });
  after(async () => fx?.close());
  afterEach(resetClaims);

  it("a VaultAccess connect shares the vault key with the user (the server asks for it)", async () => {
    const c = await d.check("vault", {}, { name: "sealed" });
    assert.deepEqual(c.failures, []);
    const vault = await d.create("vault", c.inputs);
    const mk = randomBytes(64).toString("base64");
    const carol = await fx.emu.seedUser({ login: "carol", keys: await generateUserKeys(mk) });
    await checkAndCreate(vaultAccess, {
      vaultId: vault.id,
      principal: { userId: carol.id },
      level: "connect",
    });
    const stored = (await fx.raw("GET", `/vaults/${vault.id}/access`)).items.find(
      (g: { principalId: string }) => g.principalId === carol.id,
    );
    assert.equal(stored.access, "connect");
    const asCarol = () =>
      fetch(`${fx.emu.url}/api/v1/vaults/${vault.id}`, {
        headers: { authorization: `Bearer ${carol.tokens.accessToken}`, "x-response-format": "raw" },
      });
    // No level of her own: the vault stays closed to her ...
    assert.equal((await asCarol()).status, 403);
    // ... until a group gives her one; then she reads it with the key her connect grant carried.
    const group = (await fx.raw("POST", "/user-groups", { name: "sealed-readers", userIds: [carol.id] })).id;
    await fx.raw("POST", `/vaults/${vault.id}/access`, {
      principalType: "group",
      principalId: group,
      access: "read",
    });
    const view = await asCarol();
    assert.equal(view.status, 200);
    const body = (await view.json()) as {
      masterKeyEncrypted: string | null;
      directoryAccess: { access: string };
    };
    assert.equal(body.directoryAccess.access, "read");
    assert.ok(body.masterKeyEncrypted, "the vault key wrapped for carol");
  });
});
