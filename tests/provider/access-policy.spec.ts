import { strict as assert } from "node:assert";
import { resetClaims } from "../../provider/resources/access/claims";
import { provider as accessPolicy } from "../../provider/resources/access-policy";
import { provider as folderAccess } from "../../provider/resources/folder-access";
import { provider as group } from "../../provider/resources/group";
import { provider as serviceAccount } from "../../provider/resources/service-account";
import { checkAndCreate, grantsOf, makeLayout, type Layout } from "./access-helpers";
import { startFixture, type ProviderFixture } from "./fixture";

describe("provider: AccessPolicy (authoritative), Group, ServiceAccount", () => {
  let fx: ProviderFixture;
  let l: Layout;
  let bob: string;
  let eve: string;

  before(async () => {
    fx = await startFixture();
    l = await makeLayout(fx);
    bob = (await fx.emu.seedUser({ login: "bob" })).id;
    eve = (await fx.emu.seedUser({ login: "eve" })).id;
  });
  after(async () => fx.close());
  afterEach(resetClaims);

  it("owns the directory's grants: an extra grant added outside is reported in preview and removed by update", async () => {
    const inputs = { folderId: l.staging, grants: [{ principal: { userId: bob }, level: "read" }] };
    const { id, outs } = await checkAndCreate(accessPolicy, inputs);
    assert.equal(id, `policy:folder:${l.staging}`);
    assert.deepEqual(await grantsOf(fx, "folders", l.staging), [`user:${bob}:read`]);
    assert.deepEqual([outs.willRemove, outs.drift, outs.removed], [[], [], []]);

    // Outside Pulumi: eve gets edit, bob is raised to full.
    await fx.raw("POST", `/folders/${l.staging}/access`, {
      principalType: "user",
      principalId: eve,
      access: "edit",
    });
    await fx.raw("POST", `/folders/${l.staging}/access`, {
      principalType: "user",
      principalId: bob,
      access: "full",
    });

    // refresh shows it
    const read = await accessPolicy.read!(id, outs);
    assert.deepEqual(read.props!.willRemove, [`user eve (${eve}): edit`]);
    assert.deepEqual(read.props!.drift, [`user bob (${bob}): read (is full)`]);

    // preview without refresh: check lists it, and diff reports the change
    const checked = await accessPolicy.check!(outs, inputs);
    assert.deepEqual(checked.failures, []);
    assert.deepEqual(checked.inputs.willRemove, [`user eve (${eve}): edit`]);
    const diff = await accessPolicy.diff!(id, outs, checked.inputs);
    assert.deepEqual([diff.changes, diff.replaces], [true, []]);

    const updated = await accessPolicy.update!(id, outs, checked.inputs);
    assert.deepEqual(updated.outs!.removed, [`user eve (${eve}): edit`]);
    assert.deepEqual(await grantsOf(fx, "folders", l.staging), [`user:${bob}:read`]);

    // in sync again: no change
    const again = await accessPolicy.check!(updated.outs!, inputs);
    assert.equal((await accessPolicy.diff!(id, updated.outs!, again.inputs)).changes, false);

    // deleting the policy leaves the grants in place
    await accessPolicy.delete!(id, updated.outs!);
    assert.deepEqual(await grantsOf(fx, "folders", l.staging), [`user:${bob}:read`]);
  });

  it("a policy on a vault must keep the provider's admin: the lockout guard names the grant", async () => {
    const r = await accessPolicy.check!(
      {},
      { vaultId: l.vault, grants: [{ principal: { userId: bob }, level: "admin" }] },
    );
    assert.equal(r.failures![0]!.property, "grants");
    assert.match(
      r.failures![0]!.reason,
      /would lose admin on vault infrastructure; the grant that would be lost: admin on vault infrastructure to user admin/,
    );
    assert.deepEqual(r.inputs.willRemove, [`user admin (${fx.emu.adminUserId}): admin`]);
    await assert.rejects(
      accessPolicy.create({ vaultId: l.vault, grants: [{ principal: { userId: bob }, level: "admin" }] }),
      /the grant that would be lost/,
    );
  });

  it("refuses to mix an AccessPolicy and single grants on one directory", async () => {
    await checkAndCreate(folderAccess, {
      folderId: l.development,
      principal: { userId: bob },
      level: "read",
    });
    const r = await accessPolicy.check!({}, { folderId: l.development, grants: [] });
    assert.match(
      r.failures![0]!.reason,
      /managed authoritatively by AccessPolicy on folder .* and FolderAccess \(user .*: read\) .* also declares a grant there/,
    );
  });

  it("validates: exactly one directory, no duplicate principal", async () => {
    const r = await accessPolicy.check!(
      {},
      {
        vaultId: l.vault,
        folderId: l.staging,
        grants: [
          { principal: { userId: bob }, level: "read" },
          { principal: { serviceAccountId: bob }, level: "edit" },
        ],
      },
    );
    const props = (r.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
    assert.ok(
      props.some((p) => /^vaultId: give exactly one of vaultId or folderId/.test(p)),
      props.join("\n"),
    );
    assert.ok(
      props.some((p) => /^grants\.1\.principal: declares the same principal as grants\[0\]/.test(p)),
      props.join("\n"),
    );
  });

  it("Group: members are a set; drift outside is read back and restored", async () => {
    const { id, outs } = await checkAndCreate(group, { name: "  sre  ", members: [eve, bob, eve] });
    assert.deepEqual([outs.name, outs.members], ["sre", [bob, eve].sort()]);
    await fx.raw("POST", `/user-groups/${id}`, { userIds: [bob] });
    const read = await group.read!(id, outs);
    assert.deepEqual(read.props!.members, [bob]);
    const checked = await group.check!(read.props!, { name: "sre", members: [bob, eve] });
    assert.equal((await group.diff!(id, read.props!, checked.inputs)).changes, true);
    const updated = await group.update!(id, read.props!, checked.inputs);
    assert.deepEqual(updated.outs!.members, [bob, eve].sort());
    await group.delete!(id, updated.outs!);
    assert.deepEqual(await group.read!(id, updated.outs!), {});
  });

  it("ServiceAccount: created as a service account; login change replaces (delete first); role by code", async () => {
    const bad = await serviceAccount.check!({}, { login: "has space" });
    assert.match(bad.failures![0]!.reason, /may contain only letters/);
    const { id, outs } = await checkAndCreate(serviceAccount, { login: "backup-svc" });
    assert.deepEqual([outs.login, outs.fullName, outs.role], ["backup-svc", "backup-svc", "user"]);
    const user = await fx.raw("GET", `/users/${id}`);
    assert.equal(user.isServiceAccount, true);
    const diff = await serviceAccount.diff!(
      id,
      outs,
      (await serviceAccount.check!(outs, { login: "backup2-svc" })).inputs,
    );
    assert.deepEqual([diff.replaces, diff.deleteBeforeReplace], [["login"], true]);
    await assert.rejects(
      serviceAccount.create((await serviceAccount.check!({}, { login: "x-svc", role: "wizard" })).inputs),
      /role "wizard" does not exist; use one of: /,
    );
    await serviceAccount.delete!(id, outs);
    assert.deepEqual(await serviceAccount.read!(id, outs), {});
  });
});
