/**
 * Attachments are byte-compatible with Passwork's official client, both ways and in both encryption
 * modes: files our provider attaches download byte-identical through passwork-python's
 * `download_item_attachment` (which checks the hash), and files it attaches download byte-identical
 * through ours. The bytes cover every byte value (the hash reads them as Latin-1) and UTF-8 text.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { attachments as files, items, PassworkClient } from "../../provider/client";
import { syncAttachments } from "../../provider/resources/record-attachments";
import { okOf, py, ref, startConformance, type ConformanceEmulator } from "./harness";

const BINARY = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7) % 256));
const TEXT = Buffer.from("apiVersion: v1\nkind: Config\n# zertifikat für den cluster ✓\n", "utf8");

for (const cse of [false, true]) {
  describe(`attachments parity with passwork-python 0.2.0 (${cse ? "client-side encryption" : "encryption off"})`, function () {
    this.timeout(120_000);
    let c: ConformanceEmulator;
    let dir: string;
    let ours: PassworkClient;
    let vaultId: string;

    before(async () => {
      c = await startConformance(cse);
      dir = mkdtempSync(join(tmpdir(), "pw-att-parity-"));
      writeFileSync(join(dir, "cert.der"), BINARY);
      writeFileSync(join(dir, "kubeconfig"), TEXT);
      ours = new PassworkClient({
        host: c.emu.url,
        accessToken: c.admin.accessToken,
        refreshToken: c.admin.refreshToken,
        ...(c.admin.masterKey ? { masterKey: c.admin.masterKey } : {}),
      });
      const r = await py(c.emu, c.admin, [
        { op: "find_vault_type", kwargs: { code: "company" } },
        { op: "create_vault", args: ["Files", ref(0, "id")] },
      ]);
      vaultId = okOf(r[1], "create_vault");
    });
    after(async () => {
      await c?.emu.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("files we attach download byte-identical through the official client (hash checked by it)", async () => {
      const id = await items.create(ours, {
        vaultId,
        name: "cluster-admin",
        password: "pw",
        tags: [],
        customs: [],
      });
      const outs = await syncAttachments(
        ours,
        id,
        vaultId,
        {
          attachments: {
            "cert.der": { base64: BINARY.toString("base64") },
            kubeconfig: { base64: TEXT.toString("base64") },
          },
        },
        undefined,
      );
      assert.equal(Object.keys(outs.attachmentIds ?? {}).length, 2);
      const out = join(dir, "dl-ours");
      const r = await py(c.emu, c.admin, [
        { op: "get_item", args: [id] },
        { op: "download_item_attachment", args: [ref(0), out] },
      ]);
      okOf(r[1], "download_item_attachment");
      assert.deepEqual(readFileSync(join(out, "cert.der")), BINARY);
      assert.deepEqual(readFileSync(join(out, "kubeconfig")), TEXT);
    });

    it("files the official client attaches download byte-identical through ours, and count as hand-attached", async () => {
      const r = await py(c.emu, c.admin, [
        {
          op: "create_item",
          args: [
            {
              vaultId,
              name: "by the official client",
              password: "pw",
              attachments: [
                { path: join(dir, "cert.der"), name: "cert.der" },
                { path: join(dir, "kubeconfig"), name: "kubeconfig" },
              ],
            },
          ],
        },
      ]);
      const id = okOf(r[0], "create_item");
      const { item } = await files.itemWithKey(ours, id);
      const byName = new Map((item.attachments ?? []).map((a) => [a.name, a.id]));
      assert.deepEqual(await files.download(ours, id, byName.get("cert.der")!), BINARY);
      assert.deepEqual(await files.download(ours, id, byName.get("kubeconfig")!), TEXT);
      // Declaring one more file keeps the official client's two (they are not this stack's).
      const outs = await syncAttachments(
        ours,
        id,
        vaultId,
        { attachments: { "extra.txt": { base64: Buffer.from("x").toString("base64") } } },
        undefined,
      );
      assert.deepEqual(outs.otherAttachments, ["cert.der", "kubeconfig"]);
      const dl = join(dir, "dl-mixed");
      const again = await py(c.emu, c.admin, [
        { op: "get_item", args: [id] },
        { op: "download_item_attachment", args: [ref(0), dl] },
      ]);
      okOf(again[1], "download_item_attachment");
      assert.deepEqual(readFileSync(join(dl, "cert.der")), BINARY);
      assert.equal(readFileSync(join(dl, "extra.txt"), "utf8"), "x");
    });
  });
}
