/**
 * Record `attachments` through the provider in both encryption modes: created with the record, diffed by
 * hash (no change = nothing to do), one changed file = one write, hand-attached files survive unless
 * `exclusiveAttachments`, removed declarations are removed, and the size limit is named at check.
 */
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { attachments as files } from "../../provider/client";
import { clientFor, currentSettings } from "../../provider/config";
import { directDriver } from "./drivers";
import { actAsCseAdmin, startFixture, type ProviderFixture } from "./fixture";

const KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n# é ✓\n";
const KEY_BYTES = randomBytes(3000);

for (const cse of [false, true]) {
  describe(`Record attachments (${cse ? "client-side encryption" : "encryption off"})`, function () {
    this.timeout(60_000);
    let fx: ProviderFixture;
    const d = directDriver();
    let vaultId: string;

    before(async () => {
      fx = await startFixture({ clientSideEncryption: cse });
      if (cse) await actAsCseAdmin(fx, "att-admin");
      const v = await d.check("vault", {}, { name: "files" });
      vaultId = (await d.create("vault", v.inputs)).id;
    });
    after(async () => fx?.close());

    const writes = async () => (await fx.apiRequests()).filter((r) => r.method !== "GET");
    const props = (attachments: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      name: "cluster-admin",
      vaultId,
      password: "pw",
      attachments,
      ...extra,
    });
    const download = async (recordId: string, attachmentId: string) =>
      files.download(clientFor(currentSettings()), recordId, attachmentId);

    it("create with two files, no-change diff, one changed file = one write, hand-attached files survive, exclusive removes them", async () => {
      const first = await d.check(
        "record",
        {},
        props({ kubeconfig: KUBECONFIG, "sa.key": { base64: KEY_BYTES.toString("base64") } }),
      );
      assert.deepEqual(first.failures, []);
      const made = await d.create("record", first.inputs);
      const id = made.id;
      assert.deepEqual(Object.keys(made.outs.attachmentIds).sort(), ["kubeconfig", "sa.key"]);
      assert.equal(made.outs.attachments["sa.key"], files.attachmentHash(KEY_BYTES));
      assert.ok(
        !JSON.stringify(made.outs).includes(KEY_BYTES.toString("base64")),
        "outputs hold hashes, not content",
      );
      assert.equal((await download(id, made.outs.attachmentIds.kubeconfig)).toString("utf8"), KUBECONFIG);
      assert.deepEqual(await download(id, made.outs.attachmentIds["sa.key"]), KEY_BYTES);
      const wire = JSON.stringify(
        await fx.raw("GET", `/items/${id}/attachment/${made.outs.attachmentIds.kubeconfig}`),
      );
      if (cse)
        assert.ok(!wire.includes(Buffer.from(KUBECONFIG).toString("base64")), "the server holds ciphertext");

      // Same content again (given as text vs bytes the other way round): no change, nothing to send.
      const same = await d.check(
        "record",
        first.inputs,
        props({
          kubeconfig: { base64: Buffer.from(KUBECONFIG).toString("base64") },
          "sa.key": { base64: KEY_BYTES.toString("base64") },
        }),
      );
      assert.equal((await d.diff("record", id, made.outs, same.inputs)).changes, false);

      // A person attaches a file by hand.
      const admin = clientFor(currentSettings());
      const { item, itemKey } = await files.itemWithKey(admin, id);
      await files.replaceAttachments(
        admin,
        item,
        (item.attachments ?? []).map((a) => a.id),
        [files.encodeAttachment("notes.txt", Buffer.from("by hand"), itemKey)],
        true,
      );
      const refreshed = await d.read("record", id, made.outs);
      assert.deepEqual(refreshed.props.otherAttachments, ["notes.txt"]);
      assert.equal(
        (await d.diff("record", id, refreshed.props, same.inputs)).changes,
        false,
        "a hand-attached file is no drift",
      );

      const changedKey = randomBytes(2000);
      const changed = await d.check(
        "record",
        same.inputs,
        props({ kubeconfig: KUBECONFIG, "sa.key": { base64: changedKey.toString("base64") } }),
      );
      const diff = await d.diff("record", id, refreshed.props, changed.inputs);
      assert.equal(diff.changes, true);
      assert.deepEqual(diff.replaces, []);
      await fx.clearRequests();
      const updated = await d.update("record", id, refreshed.props, changed.inputs);
      const sent = await writes();
      assert.deepEqual(
        sent.map((r) => `${r.method} ${r.path}`),
        [`PATCH /api/v1/items/${id}`],
        "one write",
      );
      assert.equal((await fx.apiRequests()).length, 3, "GET (list + key), PATCH, GET (new id)");
      assert.deepEqual(await download(id, updated.attachmentIds["sa.key"]), changedKey);
      assert.equal(
        updated.attachmentIds.kubeconfig,
        made.outs.attachmentIds.kubeconfig,
        "the unchanged file is kept, not re-sent",
      );
      assert.deepEqual(updated.otherAttachments, ["notes.txt"], "the hand-attached file survives");
      const names = (await fx.raw("GET", `/items/${id}`)).attachments.map((a: any) => a.name).sort();
      assert.deepEqual(names, ["kubeconfig", "notes.txt", "sa.key"]);

      // Dropping a declared file removes it; the hand-attached one stays.
      const fewer = await d.check("record", changed.inputs, props({ kubeconfig: KUBECONFIG }));
      const afterDrop = await d.update("record", id, updated, fewer.inputs);
      assert.deepEqual((await fx.raw("GET", `/items/${id}`)).attachments.map((a: any) => a.name).sort(), [
        "kubeconfig",
        "notes.txt",
      ]);

      // exclusiveAttachments: the diff reports work (and names the file in a warning); update removes it.
      const exclusive = await d.check(
        "record",
        fewer.inputs,
        props({ kubeconfig: KUBECONFIG }, { exclusiveAttachments: true }),
      );
      const warnings: string[] = [];
      const orig = console.warn;
      console.warn = (m: string) => void warnings.push(m);
      try {
        const ex = await d.diff("record", id, { ...afterDrop, exclusiveAttachments: true }, exclusive.inputs);
        assert.equal(ex.changes, true);
      } finally {
        console.warn = orig;
      }
      assert.ok(
        warnings.some((w) => w.includes("notes.txt") && w.includes("exclusiveAttachments")),
        warnings.join("\n"),
      );
      const excl = await d.update("record", id, afterDrop, exclusive.inputs);
      assert.equal(excl.otherAttachments, undefined);
      assert.deepEqual(
        (await fx.raw("GET", `/items/${id}`)).attachments.map((a: any) => a.name),
        ["kubeconfig"],
      );
      assert.equal((await d.diff("record", id, excl, exclusive.inputs)).changes, false);
    });

    it("check names each bad file: too big (Passwork's 5 MB), not base64, a path as a name", async () => {
      const big = Buffer.alloc(5 * 1024 * 1024 + 1).toString("base64");
      const r = await d.check(
        "record",
        {},
        props({ "dump.sql": { base64: big }, "x.bin": { base64: "not base64!" }, "a/b": "t", ok: 1 }),
      );
      const by = Object.fromEntries(r.failures.map((f) => [f.property, f.reason]));
      assert.match(
        by["attachments.dump.sql"]!,
        /is 5242881 bytes \(5\.0 MB\); Passwork takes at most 5242880 bytes \(5 MB\) per attached file/,
      );
      assert.match(by["attachments.x.bin"]!, /not valid base64/);
      assert.match(by["attachments.a/b"]!, /no directories/);
      assert.match(by["attachments.ok"]!, /FileAsset/);
      assert.ok(!JSON.stringify(r.failures).includes(big.slice(0, 40)), "content never echoed");
    });
  });
}

describe("Record attachments with secretsInState none", () => {
  it("are refused at check (the content would be in the state), naming the fix", async () => {
    const d = directDriver();
    const fx = await startFixture();
    try {
      const r = await d.check(
        "record",
        {},
        {
          name: "r",
          vaultId: "0123456789abcdef01234567",
          generatePassword: {},
          secretsInState: "none",
          attachments: { "a.txt": "x" },
        },
      );
      const f = r.failures.find((x) => x.property === "attachments");
      assert.ok(f, JSON.stringify(r.failures));
      assert.match(f.reason, /secretsInState "none".*secretsInState: "encrypted"/);
      const ok = await d.check(
        "record",
        {},
        {
          name: "r",
          vaultId: "0123456789abcdef01234567",
          generatePassword: {},
          attachments: { "a.txt": "x" },
        },
      );
      assert.deepEqual(ok.failures, []);
    } finally {
      await fx.close();
    }
  });
});
