import { strict as assert } from "node:assert";
import { resetClaims } from "../../provider/resources/access/claims";
import { useAccessRulesSource as useAccessSettingsSource } from "../../provider/settings/source";
import { provider as folderAccess } from "../../provider/resources/folder-access";
import { provider as vaultAccess } from "../../provider/resources/vault-access";
import { checkAndCreate, checkDiffUpdate, grantsOf, makeLayout, type Layout } from "./access-helpers";
import { startFixture, type ProviderFixture } from "./fixture";

describe("provider: VaultAccess / FolderAccess against the emulator", () => {
  let fx: ProviderFixture;
  let l: Layout;
  let svc: string;
  let bob: string;

  before(async () => {
    fx = await startFixture();
    l = await makeLayout(fx);
    svc = (await fx.emu.seedUser({ login: "deploy-prod-svc", isServiceAccount: true })).id;
    bob = (await fx.emu.seedUser({ login: "bob", role: "user" })).id;
  });
  after(async () => fx.close());
  afterEach(() => {
    resetClaims();
    useAccessSettingsSource(undefined);
  });

  it("creates a folder grant, reads it back, and changing the level is an update", async () => {
    const { id, outs } = await checkAndCreate(folderAccess, {
      folderId: l.production,
      principal: { serviceAccountId: svc },
      level: "read",
    });
    assert.equal(id, `${l.production}:user:${svc}`);
    assert.deepEqual(outs, {
      folderId: l.production,
      principal: { serviceAccountId: svc },
      level: "read",
      principalType: "user",
      principalId: svc,
      managedBy: "FolderAccess",
    });
    assert.deepEqual(await grantsOf(fx, "folders", l.production), [`user:${svc}:read`]);

    const read = await folderAccess.read!(id, outs);
    assert.deepEqual(read.props, outs);

    const { diff, outs: after } = await checkDiffUpdate(folderAccess, id, outs, {
      folderId: l.production,
      principal: { serviceAccountId: svc },
      level: "edit",
    });
    assert.deepEqual([diff.changes, diff.replaces], [true, []]);
    assert.equal(after.level, "edit");
    assert.deepEqual(await grantsOf(fx, "folders", l.production), [`user:${svc}:edit`]);

    const moved = await folderAccess.diff!(id, after, {
      folderId: l.staging,
      principal: { serviceAccountId: svc },
      level: "edit",
    });
    assert.deepEqual(moved.replaces, ["folderId"]);
    const other = await folderAccess.diff!(id, after, {
      folderId: l.production,
      principal: { userId: bob },
      level: "edit",
    });
    assert.deepEqual(other.replaces, ["principal"]);
    const sameGrant = await folderAccess.diff!(id, after, {
      folderId: l.production,
      principal: { userId: svc },
      level: "edit",
    });
    assert.deepEqual(
      [sameGrant.changes, sameGrant.replaces],
      [true, []],
      "same wire principal declared differently is not a replace",
    );

    await folderAccess.delete!(id, after);
    assert.deepEqual(await grantsOf(fx, "folders", l.production), []);
    await folderAccess.delete!(id, after); // already gone: fine
  });

  it("drift: a level changed outside shows on read and the next update restores it; a removed grant is gone", async () => {
    const { id, outs } = await checkAndCreate(vaultAccess, {
      vaultId: l.vault,
      principal: { userId: bob },
      level: "read",
    });
    await fx.raw("POST", `/vaults/${l.vault}/access`, {
      principalType: "user",
      principalId: bob,
      access: "full",
    });
    const read = await vaultAccess.read!(id, outs);
    assert.equal(read.props!.level, "full");
    assert.equal(read.inputs!.level, "full");
    const { diff, outs: restored } = await checkDiffUpdate(vaultAccess, id, read.props!, {
      vaultId: l.vault,
      principal: { userId: bob },
      level: "read",
    });
    assert.equal(diff.changes, true);
    assert.equal(restored.level, "read");
    assert.ok((await grantsOf(fx, "vaults", l.vault)).includes(`user:${bob}:read`));

    await fx.raw("DELETE", `/vaults/${l.vault}/access/user/${bob}`);
    assert.deepEqual(await vaultAccess.read!(id, restored), {});
  });

  it("check reports bad input per property, with what to do", async () => {
    const r = await vaultAccess.check!(
      {},
      { vaultId: "nope", principal: { userId: bob, groupId: bob }, level: "write" },
    );
    const byProp = Object.fromEntries((r.failures ?? []).map((f) => [f.property, f.reason]));
    assert.match(byProp.vaultId!, /24 lowercase hex/);
    assert.match(byProp.principal!, /exactly one of userId, groupId or serviceAccountId/);
    assert.match(byProp.level!, /forbidden, read, edit, full, admin/);
    const unknown = await vaultAccess.check!(
      {},
      { vaultId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", principal: { userId: bob }, level: "read" },
    );
    assert.deepEqual(unknown.failures, [], "unknowns at preview are tolerated");
  });

  it("lockout guard: refuses to remove or downgrade the provider's own admin grant, naming it", async () => {
    const admin = fx.emu.adminUserId;
    const r = await vaultAccess.check!({}, { vaultId: l.vault, principal: { userId: admin }, level: "full" });
    assert.equal(r.failures?.length, 1);
    assert.equal(r.failures![0]!.property, "level");
    assert.match(
      r.failures![0]!.reason,
      /would lose admin on vault infrastructure; the grant that would be lost: admin on vault infrastructure to user admin/,
    );
    // also refused at apply time, and at delete of a resource that holds the grant
    const outs = {
      vaultId: l.vault,
      principal: { userId: admin },
      level: "admin",
      principalType: "user",
      principalId: admin,
      managedBy: "VaultAccess",
    };
    await assert.rejects(
      vaultAccess.update!(`${l.vault}:user:${admin}`, outs, { ...outs, level: "read" }),
      /the grant that would be lost: admin on vault infrastructure/,
    );
    await assert.rejects(
      vaultAccess.delete!(`${l.vault}:user:${admin}`, outs),
      /lose admin on vault infrastructure/,
    );
    assert.ok((await grantsOf(fx, "vaults", l.vault)).includes(`user:${admin}:admin`), "nothing changed");
    // a folder grant that would override the inherited admin is refused too
    const f = await folderAccess.check!(
      {},
      { folderId: l.staging, principal: { userId: admin }, level: "read" },
    );
    assert.match(f.failures![0]!.reason, /lose admin on folder infrastructure\/staging/);
  });

  it("last administrator: refuses removing the vault's last admin user even when it is not the provider", async () => {
    // A second vault whose only admin user is bob; the provider administers it through a group.
    const gid = (
      await fx.raw("POST", "/user-groups", { name: "vault-admins", userIds: [fx.emu.adminUserId] })
    ).id;
    const { vault } = await makeLayout(fx, "other", "privateShared");
    await fx.raw("POST", `/vaults/${vault}/access`, {
      principalType: "group",
      principalId: gid,
      access: "admin",
    });
    await fx.raw("POST", `/vaults/${vault}/access`, {
      principalType: "user",
      principalId: bob,
      access: "admin",
    });
    await fx.raw("DELETE", `/vaults/${vault}/access/user/${fx.emu.adminUserId}`);
    const r = await vaultAccess.check!({}, { vaultId: vault, principal: { userId: bob }, level: "edit" });
    assert.match(
      r.failures![0]!.reason,
      /vault other would have no administrator left; the grant that would be lost: admin on vault other to user bob/,
    );
  });

  it("access rules from config are checked at check time with the path and the limit", async () => {
    useAccessSettingsSource((k) =>
      k === "passwork:accessRules"
        ? '[{"principalKind":"serviceAccount","pathPrefix":"production","maxLevel":"read"}]'
        : undefined,
    );
    const bad = await folderAccess.check!(
      {},
      { folderId: l.production, principal: { userId: svc }, level: "edit" },
    );
    assert.match(
      bad.failures![0]!.reason,
      /accessRules\[0\] allows at most read for serviceAccount principals on "production", but deploy-prod-svc would get edit on infrastructure\/production/,
    );
    const ok = await folderAccess.check!(
      {},
      { folderId: l.staging, principal: { userId: svc }, level: "edit" },
    );
    assert.deepEqual(ok.failures, []);
    const human = await folderAccess.check!(
      {},
      { folderId: l.production, principal: { userId: bob }, level: "edit" },
    );
    assert.deepEqual(human.failures, []);
  });
});
