/**
 * adopt (take over instead of duplicating), forceDestroy (refuse to delete content this stack does
 * not manage), and reconciliation of a create whose outcome is unknown (never a duplicate).
 */
import { strict as assert } from "node:assert";
import { directDriver, type Kind } from "./drivers";
import { startFixture, type ProviderFixture } from "./fixture";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("adopt, forceDestroy and unknown create outcomes", function () {
  this.timeout(20_000);
  let fx: ProviderFixture;
  const d = directDriver();
  before(async () => (fx = await startFixture()));
  after(async () => fx?.close());

  async function make(kind: Kind, news: Record<string, unknown>) {
    const c = await d.check(kind, {}, news);
    assert.deepEqual(c.failures, []);
    return { ...(await d.create(kind, c.inputs)), inputs: c.inputs };
  }

  it("adopts an existing vault, folder and record instead of creating duplicates, then applies the declaration", async () => {
    const types = (await fx.raw("GET", "/vault-types/all")).items;
    const { id: vaultId } = await fx.raw("POST", "/vaults", { name: "pre-existing", typeId: types[0].id });
    const { id: folderId } = await fx.raw("POST", "/folders", { name: "apps", vaultId });
    const { id: itemId } = await fx.raw("POST", "/items", {
      vaultId,
      folderId,
      name: "API_KEY",
      passwordEncrypted: b64("keep-me"),
      login: "old",
      tags: [],
    });

    const v = await make("vault", { name: "pre-existing", adopt: true });
    assert.equal(v.id, vaultId);
    const f = await make("folder", { name: "apps", vaultId, adopt: true });
    assert.equal(f.id, folderId);
    const r = await make("record", {
      name: "API_KEY",
      vaultId,
      folderId,
      login: "new",
      generatePassword: {},
      adopt: true,
    });
    assert.equal(r.id, itemId);
    assert.equal(r.outs.password, "keep-me", "adopting with generatePassword keeps the existing password");
    const item = await fx.raw("GET", `/items/${itemId}`);
    assert.equal(item.login, "new");
    assert.equal((await fx.raw("GET", `/items?vaultId=${vaultId}`)).items.length, 1);
    assert.equal(
      (await fx.raw("GET", "/vaults")).items.filter((x: any) => x.name === "pre-existing").length,
      1,
    );
  });

  it("refuses to adopt a record when taking it over would destroy data, and says what differs", async () => {
    const v = await make("vault", { name: "adopt conflicts" });
    await fx.raw("POST", "/items", {
      vaultId: v.id,
      name: "SVC",
      passwordEncrypted: b64("humans-set-this"),
      tags: [],
      customs: [{ name: b64("EXTRA"), type: b64("text"), value: b64("x") }],
    });
    const inputs = (
      await d.check("record", {}, { name: "SVC", vaultId: v.id, password: "different", adopt: true })
    ).inputs;
    await assert.rejects(
      d.create("record", inputs),
      (e: Error) =>
        /password differs/.test(e.message) &&
        /"EXTRA" exists but is not declared/.test(e.message) &&
        !e.message.includes("humans-set-this") &&
        !e.message.includes("different"),
    );
  });

  it("refuses to delete a folder or vault holding unmanaged content unless forceDestroy, listing what is inside", async () => {
    const v = await make("vault", { name: "guarded" });
    const f = await make("folder", { name: "team", vaultId: v.id });
    await fx.raw("POST", "/items", { vaultId: v.id, folderId: f.id, name: "someone-elses", tags: [] });
    await fx.raw("POST", "/folders", { name: "their-folder", vaultId: v.id, parentFolderId: f.id });
    await assert.rejects(
      d.delete("folder", f.id, f.outs),
      (e: Error) =>
        /1 folder \("their-folder"\) and 1 record \("someone-elses"\)/.test(e.message) &&
        /forceDestroy/.test(e.message),
    );
    await assert.rejects(d.delete("vault", v.id, v.outs), /still holds 2 folders/);
    assert.equal((await fx.raw("GET", `/folders/${f.id}`)).id, f.id, "nothing was deleted");

    const forced = (await d.check("folder", {}, { name: "team", vaultId: v.id, forceDestroy: true })).inputs;
    assert.equal((await d.diff("folder", f.id, f.outs, forced)).changes, true);
    const outs = await d.update("folder", f.id, f.outs, forced);
    await d.delete("folder", f.id, outs);
    assert.equal((await d.read("folder", f.id, outs)).id, undefined);
    const bin = (await fx.raw("GET", `/bin?vaultId=${v.id}`)).items;
    assert.ok(
      bin.some((e: any) => e.objectId === f.id),
      "deleted folders go to the bin",
    );
  });

  it("a create whose response is lost is reconciled by lookup, never duplicated", async () => {
    const v = await make("vault", { name: "lost responses" });
    const f = await make("folder", { name: "x", vaultId: v.id });
    await fx.clearRequests();
    await fx.fault({ method: "POST", path: "/api/v1/items", kind: "resetAfterCommit", count: 1 });
    const r = await make("record", { name: "ONCE", vaultId: v.id, folderId: f.id, password: "p" });
    const listed = (await fx.raw("GET", `/items?vaultId=${v.id}&folderId=${f.id}`)).items;
    assert.deepEqual(
      listed.map((i: any) => i.id),
      [r.id],
    );
    const posts = (await fx.apiRequests()).filter((q) => q.method === "POST" && q.path === "/api/v1/items");
    assert.equal(posts.length, 1, "the POST was not blindly retried");

    await fx.fault({ method: "POST", path: "/api/v1/folders", kind: "resetAfterCommit", count: 1 });
    const g = await make("folder", { name: "y", vaultId: v.id });
    assert.equal(
      (await fx.raw("GET", `/folders?vaultId=${v.id}`)).items.filter((x: any) => x.name === "y").length,
      1,
    );
    assert.match(g.id, /^[0-9a-f]{24}$/);
  });
});
