/**
 * Request budgets of the providers (the performance issue): a create or update is one write and no
 * read-back, concurrent reads share /batch calls, a lone read stays a plain GET, a missing record in
 * a batch is "gone" for that record only, folder paths and principals are looked up once per process,
 * reads arriving a few ms apart (as the engine sends them during a refresh) still share one /batch,
 * and the access guards read a folder and its grants once: at check, not again at create, and not at
 * all when a grant's inputs did not change.
 */
import assert from "node:assert/strict";
import { folders, items, NotFoundError, principals } from "../../provider/client";
import { coalesceFullAt, engineParallelism } from "../../provider/client/coalesce";
import { resetClaims } from "../../provider/resources/access/claims";
import { providerContext } from "../../provider/config";
import { provider as folderAccess } from "../../provider/resources/folder-access";
import { provider as folderProvider } from "../../provider/resources/folder";
import { provider as recordProvider } from "../../provider/resources/record";
import { provider as vaultProvider } from "../../provider/resources/vault";
import { startFixture, type ProviderFixture } from "./fixture";

describe("request budget of the providers", function () {
  this.timeout(20_000);
  let fx: ProviderFixture;
  let vaultId: string;
  let folderId: string;
  const records: { id: string; outs: Record<string, unknown> }[] = [];

  const count = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const r of await fx.apiRequests()) {
      const key = `${r.method} ${r.path.replace(/[0-9a-f]{24}/g, ":id")}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  };
  const recordInputs = (i: number) => ({
    name: `R${i}`,
    vaultId,
    folderId,
    login: `u${i}`,
    tags: ["a", "b"],
    password: `pw-${i}`,
    customFields: { K: { type: "password" as const, value: `v${i}` } },
    passwordMode: "managed",
  });

  before(async () => {
    fx = await startFixture();
    vaultId = (await vaultProvider.create!({ name: "budget" })).id;
    folderId = (await folderProvider.create!({ name: "app", vaultId })).id;
  });
  after(async () => {
    await fx?.close();
  });

  it("creating 30 records sends 30 POSTs and no GET back (the folder path is already known)", async () => {
    await fx.clearRequests();
    for (let i = 0; i < 30; i++) {
      const checked = await recordProvider.check!({}, recordInputs(i));
      assert.deepEqual(checked.failures, []);
      const created = await recordProvider.create(checked.inputs);
      records.push({ id: created.id, outs: created.outs as Record<string, unknown> });
    }
    assert.deepEqual(await count(), { "POST /api/v1/items": 30 });
    assert.equal(records[3]!.outs["path"], "app/R3");
  });

  it("outputs computed from the write equal what a read of the server returns", async () => {
    const r = records[7]!;
    const read = await recordProvider.read!(r.id, r.outs);
    assert.deepEqual(read.props, r.outs);
  });

  it("30 concurrent reads go out as ⌈30 / window size⌉ /batch calls; a deleted record is gone, the others are not", async () => {
    await fx.raw("DELETE", `/items/${records[4]!.id}`);
    await fx.clearRequests();
    const results = await Promise.all(records.map((r) => recordProvider.read!(r.id, r.outs)));
    // A window is full at min(25, the engine's parallelism): 4 × cores here unless PULUMI_PARALLEL is set.
    // The second read of the vault lists it once for the read-ahead (read-ahead.spec.ts); every record of
    // the folder is being read already, so nothing is read ahead.
    assert.deepEqual(await count(), {
      "POST /api/v1/batch": Math.ceil(30 / coalesceFullAt()),
      "GET /api/v1/items/search": 1,
    });
    assert.equal(results[4]!.id, undefined, "deleted → gone");
    assert.equal(results[5]!.id, records[5]!.id);
    assert.equal((results[5]!.props as Record<string, unknown>)["login"], "u5");
  });

  it("a lone read is a plain GET", async () => {
    await fx.clearRequests();
    await recordProvider.read!(records[9]!.id, records[9]!.outs);
    assert.deepEqual(await count(), { "GET /api/v1/items/:id": 1 });
  });

  it("a coalesced read of a missing id rejects with NotFoundError for that caller only", async () => {
    const { client } = providerContext();
    const [missing, present] = await Promise.allSettled([
      items.read(client, "0".repeat(24)),
      items.read(client, records[10]!.id),
    ]);
    assert.equal(missing.status, "rejected");
    assert.ok((missing as PromiseRejectedResult).reason instanceof NotFoundError);
    assert.equal(present.status, "fulfilled");
  });

  it("an update is one PATCH and no GET back, and its outputs match the server", async () => {
    const r = records[11]!;
    await fx.clearRequests();
    const news = (
      await recordProvider.check!({}, { ...recordInputs(11), login: "changed", password: "pw-new" })
    ).inputs;
    const updated = await recordProvider.update!(r.id, r.outs, news);
    assert.deepEqual(await count(), { "PATCH /api/v1/items/:id": 1 });
    assert.deepEqual((await recordProvider.read!(r.id, updated.outs!)).props, updated.outs);
  });

  it("a folder rename forgets the cached path, so a record created after it has the new path", async () => {
    const { client } = providerContext();
    await folders.rename(client, folderId, "renamed");
    const created = await recordProvider.create((await recordProvider.check!({}, recordInputs(99))).inputs);
    assert.equal(created.outs["path"], "renamed/R99");
  });

  it("users and groups are looked up once per process", async () => {
    const { client } = providerContext();
    const me = await principals.me(client);
    await fx.clearRequests();
    await Promise.all([
      principals.users.get(client, me.id),
      principals.users.get(client, me.id),
      principals.groups.list(client),
      principals.groups.list(client),
    ]);
    await principals.users.get(client, me.id);
    assert.deepEqual(await count(), { "GET /api/v1/users/:id": 1, "GET /api/v1/user-groups": 1 });
  });

  it("reads arriving 7 ms apart (the engine's pace during a refresh) share one /batch", async () => {
    await fx.clearRequests();
    const reads: Promise<unknown>[] = [];
    for (const r of records.slice(12, 12 + Math.min(12, coalesceFullAt()))) {
      reads.push(recordProvider.read!(r.id, r.outs));
      await new Promise((res) => setTimeout(res, 7));
    }
    await Promise.all(reads);
    assert.deepEqual(await count(), { "POST /api/v1/batch": 1 });
  });

  it("a window is full at the engine's parallelism: PULUMI_PARALLEL, else the CLI's 4 × cores", () => {
    assert.equal(engineParallelism({ PULUMI_PARALLEL: "3" }, 2), 3);
    assert.equal(engineParallelism({}, 2), 8);
    assert.equal(engineParallelism({ PULUMI_PARALLEL: "zero" }, 4), 16);
    assert.ok(coalesceFullAt() >= 1 && coalesceFullAt() <= 25);
  });

  describe("folder grants", () => {
    const grantees: string[] = [];
    const grantFolders: string[] = [];
    const grants: { id: string; outs: Record<string, unknown>; inputs: Record<string, unknown> }[] = [];

    before(async () => {
      for (let i = 0; i < 3; i++)
        grantees.push((await fx.emu.seedUser({ login: `budget-svc-${i}`, isServiceAccount: true })).id);
      for (let i = 0; i < 5; i++)
        grantFolders.push((await folderProvider.create!({ name: `g${i}`, vaultId })).id);
    });
    after(() => resetClaims());

    it("check + create of a grant: one POST, and the folder and grants read at check are not read again", async () => {
      const { client } = providerContext();
      await principals.users.get(client, grantees[0]!); // the principal cache is covered above
      await principals.me(client);
      for (const [i, folder] of grantFolders.entries()) {
        await fx.clearRequests();
        const checked = await folderAccess.check!(
          {},
          { folderId: folder, principal: { serviceAccountId: grantees[0] }, level: "read" },
        );
        assert.deepEqual(checked.failures, []);
        const atCheck = await count();
        const created = await folderAccess.create(checked.inputs);
        grants.push({
          id: created.id,
          outs: created.outs as Record<string, unknown>,
          inputs: checked.inputs,
        });
        const all = await count();
        const reads = Object.entries(atCheck).reduce((s, [, n]) => s + n, 0);
        // The folder (its breadcrumb names the vault and parents) and its grants; the vault's grants once.
        assert.ok(reads <= (i === 0 ? 3 : 2), `reads at check: ${JSON.stringify(atCheck)}`);
        assert.equal(all["POST /api/v1/folders/:id/access"], 1);
        assert.equal(
          Object.values(all).reduce((s, n) => s + n, 0),
          reads + 1,
          `create read again: ${JSON.stringify(all)}`,
        );
      }
    });

    it("a no-change check of 5 grants sends no request", async () => {
      await fx.clearRequests();
      for (const g of grants) {
        const checked = await folderAccess.check!(g.inputs, { ...g.inputs });
        assert.deepEqual(checked.failures, []);
        const diff = await folderAccess.diff!(g.id, g.outs, checked.inputs);
        assert.equal(diff.changes, false);
      }
      assert.deepEqual(await count(), {});
    });

    it("a level change is still checked against the server, and its update is one write", async () => {
      const g = grants[0]!;
      const news = { ...g.inputs, level: "edit" };
      await fx.clearRequests();
      const checked = await folderAccess.check!(g.inputs, news);
      assert.deepEqual(checked.failures, []);
      assert.ok(Object.keys(await count()).length > 0, "a changed level is guarded with a server read");
      await fx.clearRequests();
      await folderAccess.update!(g.id, g.outs, checked.inputs);
      assert.deepEqual(await count(), { "POST /api/v1/folders/:id/access": 1 });
    });

    it("a grant's delete is one write", async () => {
      const g = grants[1]!;
      await fx.clearRequests();
      await folderAccess.delete!(g.id, g.outs);
      const counts = await count();
      const writes = Object.entries(counts).filter(
        ([k]) => !k.startsWith("GET ") && k !== "POST /api/v1/batch",
      );
      assert.deepEqual(writes, [["DELETE /api/v1/folders/:id/access/user/:id", 1]]);
    });
  });
});
