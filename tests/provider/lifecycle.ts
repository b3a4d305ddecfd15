/**
 * The lifecycle every resource kind must survive, run once per driver (direct, gRPC host):
 * create → no-change diff → each kind of change gives the right update or replace → read after an
 * out-of-band edit shows the drift → read after an out-of-band delete reports gone → delete.
 */
import { strict as assert } from "node:assert";
import type { Driver } from "./drivers";
import type { ProviderFixture } from "./fixture";

type Props = Record<string, any>;
const strip = (p: Props) => {
  const { __provider: _p, ...rest } = p;
  return rest;
};

export function lifecycleSuite(getDriver: () => Driver, getFixture: () => ProviderFixture): void {
  const d = () => getDriver();
  const fx = () => getFixture();

  async function make(kind: "vault" | "folder" | "record" | "record-tag" | "shortcut", news: Props) {
    const checked = await d().check(kind, {}, news);
    assert.deepEqual(checked.failures, []);
    const created = await d().create(kind, checked.inputs);
    return { ...created, inputs: checked.inputs };
  }

  it("Vault: create, no-change diff, rename in place, type change replaces, drift, gone, delete", async () => {
    const v = await make("vault", { name: "lifecycle vault" });
    assert.match(v.id, /^[0-9a-f]{24}$/);
    assert.ok(!("vaultId" in v.outs), "the id is not repeated in the outputs (the sdk's vaultId is id)");
    assert.equal((await d().diff("vault", v.id, v.outs, v.inputs)).changes, false);

    const renamed = (await d().check("vault", v.inputs, { name: "lifecycle vault 2" })).inputs;
    assert.deepEqual(await d().diff("vault", v.id, v.outs, renamed), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const outs = await d().update("vault", v.id, v.outs, renamed);
    assert.equal(outs.name, "lifecycle vault 2");
    assert.equal((await fx().raw("GET", `/vaults/${v.id}`)).name, "lifecycle vault 2");

    const retyped = (
      await d().check("vault", v.inputs, { name: "lifecycle vault 2", vaultType: "privateShared" })
    ).inputs;
    assert.deepEqual((await d().diff("vault", v.id, outs, retyped)).replaces, ["vaultType"]);

    await fx().raw("POST", `/vaults/${v.id}`, { name: "renamed by hand" });
    const read = await d().read("vault", v.id, outs);
    assert.equal(read.id, v.id);
    assert.equal(read.props.name, "renamed by hand");
    assert.equal(read.inputs!.name, "renamed by hand");
    assert.equal(
      (await d().diff("vault", v.id, read.props, renamed)).changes,
      true,
      "refresh rebases the diff onto the drift",
    );

    await fx().raw("DELETE", `/vaults/${v.id}`);
    assert.equal((await d().read("vault", v.id, read.props)).id || undefined, undefined);
    await d().delete("vault", v.id, read.props); // already gone = success
  });

  it("Folder: rename and move in place, vault change replaces, drift, gone, delete", async () => {
    const v = await make("vault", { name: "folder vault" });
    const parent = await make("folder", { name: "infrastructure", vaultId: v.id });
    const f = await make("folder", { name: "databases", vaultId: v.id });
    assert.equal(f.outs.path, "databases");
    assert.equal((await d().diff("folder", f.id, f.outs, f.inputs)).changes, false);

    const moved = (
      await d().check("folder", f.inputs, { name: "dbs", vaultId: v.id, parentFolderId: parent.id })
    ).inputs;
    assert.deepEqual(await d().diff("folder", f.id, f.outs, moved), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const outs = await d().update("folder", f.id, f.outs, moved);
    assert.equal(outs.path, "infrastructure/dbs");
    assert.equal(outs.parentFolderId, parent.id);
    const server = await fx().raw("GET", `/folders/${f.id}`);
    assert.equal(server.name, "dbs");
    assert.equal(server.parentFolderId, parent.id);
    assert.equal((await d().diff("folder", f.id, outs, moved)).changes, false);

    const other = await make("vault", { name: "other vault" });
    assert.deepEqual((await d().diff("folder", f.id, outs, { ...moved, vaultId: other.id })).replaces, [
      "vaultId",
    ]);

    await fx().raw("POST", `/folders/${f.id}`, { name: "renamed by hand" });
    const read = await d().read("folder", f.id, outs);
    assert.equal(read.props.name, "renamed by hand");
    assert.equal(read.inputs!.name, "renamed by hand");
    assert.equal((await d().diff("folder", f.id, read.props, moved)).changes, true);

    await fx().raw("DELETE", `/folders/${f.id}`);
    assert.equal((await d().read("folder", f.id, read.props)).id || undefined, undefined);
    await d().delete("folder", f.id, read.props);
    await d().delete("folder", parent.id, parent.outs);
    assert.equal((await d().read("folder", parent.id, parent.outs)).id || undefined, undefined);
  });

  it("Record: every field updates in place, folder move in place, vault change replaces, drift, gone, delete", async () => {
    const v = await make("vault", { name: "record vault" });
    const f1 = await make("folder", { name: "one", vaultId: v.id });
    const f2 = await make("folder", { name: "two", vaultId: v.id });
    const declared = {
      name: "DB_PASSWORD",
      vaultId: v.id,
      folderId: f1.id,
      login: "app",
      url: "https://db.internal",
      tags: ["prod", "db"],
      password: "s3cret-one",
      customFields: { DB_USER: { value: "app" }, DB_TOKEN: { value: "tok", type: "password" } },
    };
    const r = await make("record", declared);
    assert.equal(r.outs.password, "s3cret-one");
    assert.deepEqual(r.outs.tags, ["db", "prod"]);
    assert.deepEqual(r.outs.envVars, { DB_PASSWORD: "s3cret-one", DB_USER: "app", DB_TOKEN: "tok" });
    assert.equal(r.outs.path, "one/DB_PASSWORD");
    assert.equal((await d().diff("record", r.id, r.outs, r.inputs)).changes, false);

    let outs = r.outs;
    const changes: Props[] = [
      { login: "app2" },
      { url: "https://db2.internal", description: "primary database" },
      { tags: ["prod"] },
      { customFields: { DB_USER: { value: "app2" } } },
      { password: "s3cret-two" },
      { folderId: f2.id },
      { color: 3 },
    ];
    let current: Props = declared;
    for (const change of changes) {
      current = { ...current, ...change };
      const news = (await d().check("record", strip(outs), current)).inputs;
      const diff = await d().diff("record", r.id, outs, news);
      assert.deepEqual(
        diff,
        { changes: true, replaces: [], deleteBeforeReplace: false },
        JSON.stringify(change),
      );
      outs = await d().update("record", r.id, outs, news);
      assert.equal(
        (await d().diff("record", r.id, outs, news)).changes,
        false,
        `stable after ${JSON.stringify(change)}`,
      );
    }
    const server = await fx().raw("GET", `/items/${r.id}`);
    assert.equal(server.login, "app2");
    assert.equal(server.folderId, f2.id);
    assert.deepEqual(server.tags, ["prod"]);
    assert.equal(Buffer.from(server.passwordEncrypted, "base64").toString(), "s3cret-two");
    assert.equal(server.customs.length, 1);
    assert.equal(outs.path, "two/DB_PASSWORD");

    const other = await make("vault", { name: "record vault 2" });
    const { folderId: _folder, ...atRoot } = current;
    const moved = (await d().check("record", strip(outs), { ...atRoot, vaultId: other.id })).inputs;
    assert.deepEqual((await d().diff("record", r.id, outs, moved)).replaces, ["vaultId"]);

    await fx().raw("PATCH", `/items/${r.id}`, {
      vaultId: v.id,
      login: "changed-by-hand",
      tags: ["prod", "manual"],
    });
    const read = await d().read("record", r.id, outs);
    assert.equal(read.props.login, "changed-by-hand");
    assert.equal(read.inputs!.login, "changed-by-hand");
    assert.deepEqual(read.props.tags, ["manual", "prod"]);
    assert.equal(read.inputs!.password, "s3cret-two");
    const desired = (await d().check("record", strip(outs), current)).inputs;
    assert.equal((await d().diff("record", r.id, read.props, desired)).changes, true);

    await fx().raw("DELETE", `/items/${r.id}`);
    assert.equal((await d().read("record", r.id, read.props)).id || undefined, undefined);
    await d().delete("record", r.id, read.props);
  });

  it("Record passwords: generated (rotation), seed (no drift), and outputs are plain JSON", async () => {
    const v = await make("vault", { name: "password modes" });
    const g = await make("record", {
      name: "GEN",
      vaultId: v.id,
      generatePassword: { length: 24, symbols: false },
      rotation: "1",
    });
    assert.match(g.outs.password, /^[A-Za-z0-9]{24}$/);
    const again = (
      await d().check("record", strip(g.outs), {
        name: "GEN",
        vaultId: v.id,
        generatePassword: { length: 24, symbols: false },
        rotation: "1",
      })
    ).inputs;
    assert.equal((await d().diff("record", g.id, g.outs, again)).changes, false);
    const rotated = { ...again, rotation: "2" };
    assert.equal((await d().diff("record", g.id, g.outs, rotated)).changes, true);
    const outs = await d().update("record", g.id, g.outs, rotated);
    assert.notEqual(outs.password, g.outs.password);
    assert.equal(
      Buffer.from((await fx().raw("GET", `/items/${g.id}`)).passwordEncrypted, "base64").toString(),
      outs.password,
    );

    const s = await make("record", {
      name: "SEED",
      vaultId: v.id,
      password: "initial",
      passwordMode: "seed",
    });
    await fx().raw("PATCH", `/items/${s.id}`, {
      vaultId: v.id,
      passwordEncrypted: Buffer.from("changed by a human").toString("base64"),
    });
    const read = await d().read("record", s.id, s.outs);
    assert.equal(read.props.password, "initial", "a seed reports no password drift");
    const same = (
      await d().check("record", strip(s.outs), {
        name: "SEED",
        vaultId: v.id,
        password: "initial",
        passwordMode: "seed",
      })
    ).inputs;
    assert.equal((await d().diff("record", s.id, read.props, same)).changes, false);
    const renamed = { ...same, login: "x" };
    await d().update("record", s.id, read.props, renamed);
    assert.equal(
      Buffer.from((await fx().raw("GET", `/items/${s.id}`)).passwordEncrypted, "base64").toString(),
      "changed by a human",
      "an update never overwrites a seed",
    );

    for (const o of [g.outs, outs, s.outs]) assert.doesNotThrow(() => JSON.parse(JSON.stringify(o)));
  });

  it("RecordTag: adds one tag to a foreign record, tag change replaces, drift, gone, delete", async () => {
    const v = await make("vault", { name: "tag vault" });
    const { id: recordId } = await fx().raw("POST", "/items", {
      vaultId: v.id,
      name: "foreign",
      tags: ["keep"],
      passwordEncrypted: Buffer.from("x").toString("base64"),
    });
    const t = await make("record-tag", { recordId, tag: "pci" });
    assert.equal(t.id, `${recordId}/pci`);
    assert.deepEqual((await fx().raw("GET", `/items/${recordId}`)).tags.sort(), ["keep", "pci"]);
    assert.equal((await d().diff("record-tag", t.id, t.outs, t.inputs)).changes, false);
    assert.deepEqual((await d().diff("record-tag", t.id, t.outs, { recordId, tag: "sox" })).replaces, [
      "tag",
    ]);
    assert.equal((await d().read("record-tag", t.id, t.outs)).id, t.id);

    await d().delete("record-tag", t.id, t.outs);
    assert.deepEqual(
      (await fx().raw("GET", `/items/${recordId}`)).tags,
      ["keep"],
      "other tags are left alone",
    );
    assert.equal(
      (await d().read("record-tag", t.id, t.outs)).id || undefined,
      undefined,
      "tag removed out of band = gone",
    );
    await fx().raw("DELETE", `/items/${recordId}`);
    assert.equal(
      (await d().read("record-tag", t.id, t.outs)).id || undefined,
      undefined,
      "record deleted = gone",
    );
    await d().delete("record-tag", t.id, t.outs);
  });

  it("Shortcut: shows a record in another folder, every change replaces, gone with its record, delete", async () => {
    const v = await make("vault", { name: "shortcut home" });
    const other = await make("vault", { name: "shortcut target" });
    const f = await make("folder", { name: "ci", vaultId: other.id });
    const r = await make("record", { name: "DB", vaultId: v.id, password: "pw-behind-shortcut" });
    const sc = await make("shortcut", { recordId: r.id, vaultId: other.id, folderId: f.id });
    assert.match(sc.id, /^[0-9a-f]{24}$/);
    assert.notEqual(sc.id, r.id, "the id is the shortcut's, not the record's");
    assert.equal(sc.outs.shortcutId, sc.id);
    assert.equal(sc.outs.name, "DB");
    const wire = await fx().raw("GET", `/shortcuts/${sc.id}`);
    assert.equal(wire.shortcut.itemId, r.id);
    assert.equal(wire.shortcut.folderId, f.id);
    const inFolder = await fx().raw("GET", `/shortcuts/search?folderIds[]=${f.id}`);
    assert.deepEqual(
      inFolder.items.map((h: any) => h.shortcut.id),
      [sc.id],
    );
    assert.equal((await d().diff("shortcut", sc.id, sc.outs, sc.inputs)).changes, false);
    const atRoot = (
      await d().check("shortcut", sc.inputs, { recordId: r.id, vaultId: other.id, folderId: "" })
    ).inputs;
    assert.deepEqual(await d().diff("shortcut", sc.id, sc.outs, atRoot), {
      changes: true,
      replaces: ["folderId"],
      deleteBeforeReplace: false,
    });
    const read = await d().read("shortcut", sc.id, sc.outs);
    assert.equal(read.id, sc.id);
    assert.deepEqual(strip(read.inputs!), { recordId: r.id, vaultId: other.id, folderId: f.id });

    await d().delete("shortcut", sc.id, sc.outs);
    assert.equal((await fx().raw("GET", `/shortcuts/search?folderIds[]=${f.id}`)).items.length, 0);
    assert.equal((await fx().raw("GET", `/items/${r.id}`)).id, r.id, "the record stays");
    await d().delete("shortcut", sc.id, sc.outs); // already gone = success

    const again = await make("shortcut", { recordId: r.id, vaultId: other.id });
    assert.equal(again.outs.folderId, undefined);
    await fx().raw("DELETE", `/items/${r.id}`);
    assert.equal(
      (await d().read("shortcut", again.id, again.outs)).id || undefined,
      undefined,
      "record deleted = the shortcut is gone",
    );
    await d().delete("shortcut", again.id, again.outs);
  });

  it("Shortcut: bad input is named at check", async () => {
    const bad = await d().check(
      "shortcut",
      {},
      { recordId: "nope", vaultId: "0123456789abcdef01234567", extra: 1 },
    );
    const props = bad.failures.map((x) => x.property).sort();
    assert.deepEqual(props, ["extra", "recordId"]);
    assert.match(bad.failures.find((x) => x.property === "recordId")!.reason, /record id/);
  });
}
