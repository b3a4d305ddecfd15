/**
 * Survive anything a human made (issue 14, Build 4), at the provider level (the providers called
 * directly, as tests/provider does): records made with the official client — attachments, custom
 * fields of types we do not model, shortcuts pointing into and out of a managed folder — go through
 * refresh, an update of another field, adopt, export, and destroy with forceDestroy + bin restore.
 * A byte comparison of the server's items (attachment data included) before and after shows nothing lost.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main as cliMain } from "../../sdk/cli";
import { directDriver, type Kind } from "../provider/drivers";
import { startFixture, type ProviderFixture } from "../provider/fixture";
import { okOf, py, ref, requireVenv, type Who } from "./harness";

for (const cse of [false, true]) {
  describe(`data safety: hand-made records through refresh, update, adopt, export, forceDestroy and restore (${cse ? "client-side encryption" : "encryption off"})`, function () {
    this.timeout(120_000);
    let fx: ProviderFixture;
    let dir: string;
    let human: Who;
    const d = directDriver();
    const ids = {} as Record<
      "vault" | "folder" | "h1" | "h2" | "elsewhere" | "e1" | "scIn" | "scOut",
      string
    >;
    let folderOuts: Record<string, unknown>;
    let adoptedOuts: Record<string, unknown>;
    let adoptedInputs: Record<string, unknown>;
    let original: Record<string, string>;
    let afterAdopt: Record<string, string>;

    /** Custom fields as the official client decrypts them: [name, type, value]. */
    async function plainCustoms(id: string): Promise<string[][]> {
      const r = await py(fx.emu, human, [{ op: "get_item", args: [id] }]);
      return (okOf(r[0], "get_item").customs as { name: string; type: string; value: string }[]).map((x) => [
        x.name,
        x.type,
        x.value,
      ]);
    }

    async function make(kind: Kind, news: Record<string, unknown>) {
      const c = await d.check(kind, {}, news);
      assert.deepEqual(c.failures, []);
      return { ...(await d.create(kind, c.inputs)), inputs: c.inputs };
    }

    /** Everything the server holds about the hand-made objects, as exact JSON text. */
    async function serverState(): Promise<Record<string, string>> {
      const out: Record<string, string> = {};
      for (const key of ["h1", "h2", "e1"] as const) {
        const item = await fx.raw("GET", `/items/${ids[key]}`);
        out[key] = JSON.stringify(item);
        for (const a of item.attachments as { id: string }[])
          out[`${key}/attachment/${a.id}`] = JSON.stringify(
            await fx.raw("GET", `/items/${ids[key]}/attachment/${a.id}`),
          );
      }
      for (const key of ["scIn", "scOut"] as const)
        out[key] = JSON.stringify(await fx.raw("GET", `/shortcuts/${ids[key]}`));
      return out;
    }

    before(async () => {
      requireVenv();
      fx = await startFixture({ clientSideEncryption: cse });
      if (cse) fx.settings.masterKey = fx.emu.adminMasterKey as string;
      human = {
        accessToken: fx.emu.adminTokens.accessToken,
        refreshToken: fx.emu.adminTokens.refreshToken,
        masterKey: fx.emu.adminMasterKey,
      };
      dir = mkdtempSync(join(tmpdir(), "pw-safety-"));
      writeFileSync(
        join(dir, "kubeconfig"),
        Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) % 256)),
      );
      writeFileSync(join(dir, "notes.txt"), "runbook\n");

      ids.vault = (await make("vault", { name: "safety" })).id;
      const folder = await make("folder", { name: "apps", vaultId: ids.vault });
      ids.folder = folder.id;
      folderOuts = folder.outs;
      await make("record", {
        name: "MANAGED",
        vaultId: ids.vault,
        folderId: ids.folder,
        password: "managed-pw",
      });

      const r = await py(fx.emu, human, [
        { op: "find_vault_type", kwargs: { code: "company" } },
        { op: "create_vault", args: ["elsewhere", ref(0, "id")] },
        {
          op: "create_item",
          args: [
            {
              vaultId: ids.vault,
              folderId: ids.folder,
              name: "HANDMADE",
              password: "hand-pw",
              login: "ops",
              tags: ["legacy"],
              customs: [
                { name: "HOST", type: "text", value: "h" },
                { name: "MAIL", type: "email", value: "ops@example.com" },
                { name: "OTP", type: "totp", value: "JBSWY3DPEHPK3PXP" },
              ],
              attachments: [{ path: join(dir, "kubeconfig"), name: "kubeconfig" }],
            },
          ],
        },
        {
          op: "create_item",
          args: [
            {
              vaultId: ids.vault,
              folderId: ids.folder,
              name: "ADOPT_ME",
              password: "adopt-pw",
              login: "old-login",
              customs: [
                { name: "NOTE", type: "note", value: "keep me" },
                { name: "KEY", type: "password", value: "k" },
              ],
              attachments: [{ path: join(dir, "notes.txt"), name: "notes.txt" }],
            },
          ],
        },
        { op: "create_item", args: [{ vaultId: ref(1), name: "EXTERNAL", password: "ext-pw" }] },
        { op: "create_shortcut", args: [ref(4), ids.vault, ids.folder] },
        { op: "create_shortcut", args: [ref(2), ref(1)] },
      ]);
      ids.elsewhere = okOf(r[1], "vault elsewhere");
      ids.h1 = okOf(r[2], "HANDMADE");
      ids.h2 = okOf(r[3], "ADOPT_ME");
      ids.e1 = okOf(r[4], "EXTERNAL");
      ids.scIn = okOf(r[5], "shortcut into the managed folder");
      ids.scOut = okOf(r[6], "shortcut to a hand-made record");
      original = await serverState();
    });
    after(async () => {
      await fx?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("adopt: takes over a record with an attachment and an unknown field type; the declaration applies, nothing else moves", async () => {
      const r = await make("record", {
        name: "ADOPT_ME",
        vaultId: ids.vault,
        folderId: ids.folder,
        login: "new-login",
        customFields: { KEY: { value: "k", type: "password" } },
        adopt: true,
      });
      assert.equal(r.id, ids.h2);
      adoptedOuts = r.outs;
      adoptedInputs = r.inputs;
      afterAdopt = await serverState();
      const now = JSON.parse(afterAdopt.h2 as string);
      const orig = JSON.parse(original.h2 as string);
      // The Record writes description "" where the official client left null: no content lost.
      assert.equal(now.description ?? "", orig.description ?? "");
      // Adopt rewrote the declared field KEY (under CSE: new ciphertext of the same value); the field of
      // an unknown type is the very same wire entry, at the same place.
      assert.deepEqual(now.customs[0], orig.customs[0], "NOTE (type note) is kept byte for byte");
      assert.deepEqual(await plainCustoms(ids.h2), [
        ["NOTE", "note", "keep me"],
        ["KEY", "password", "k"],
      ]);
      const strip = (x: Record<string, unknown>) => ({ ...x, login: null, description: null, customs: null });
      assert.deepEqual(strip(now), strip(orig), "nothing else changed");
      for (const [k, v] of Object.entries(original))
        if (k.startsWith("h2/")) assert.equal(afterAdopt[k], v, k);
    });

    it("refresh: reads every record of the folder (ours, adopted, hand-made) without an error", async () => {
      const read = await d.read("record", ids.h2, adoptedOuts);
      assert.equal(read.id, ids.h2);
      assert.equal(read.props.login, "new-login");
      const hand = await d.read("record", ids.h1, {
        name: "HANDMADE",
        vaultId: ids.vault,
        folderId: ids.folder,
      });
      assert.equal(hand.id, ids.h1);
      assert.equal(hand.props.password, "hand-pw");
    });

    it("update of another field leaves attachments and fields of unknown types exactly as they were", async () => {
      const news = { ...adoptedInputs, login: "newer-login", description: "edited by the stack" };
      const checked = await d.check("record", adoptedInputs, news);
      assert.deepEqual(checked.failures, []);
      adoptedOuts = await d.update("record", ids.h2, adoptedOuts, checked.inputs);
      const state = await serverState();
      const now = JSON.parse(state.h2 as string);
      assert.equal(now.login, "newer-login");
      assert.equal(now.description, "edited by the stack");
      const prev = JSON.parse(afterAdopt.h2 as string);
      // Under CSE the provider re-encrypts the fields it declares on every write (fresh ciphertext,
      // same values); with encryption off the whole item is byte-identical apart from the two fields.
      const strip = (x: Record<string, unknown>) => ({
        ...x,
        login: null,
        description: null,
        ...(cse ? { customs: null } : {}),
      });
      assert.deepEqual(strip(now), strip(prev), "attachments and everything else are byte-identical");
      assert.deepEqual(
        now.customs[0],
        JSON.parse(original.h2 as string).customs[0],
        "NOTE is the same wire entry",
      );
      assert.deepEqual(await plainCustoms(ids.h2), [
        ["NOTE", "note", "keep me"],
        ["KEY", "password", "k"],
      ]);
      for (const [k, v] of Object.entries(original)) if (k.startsWith("h2/")) assert.equal(state[k], v, k);
      afterAdopt = state;
    });

    it("export: the vault with hand-made records, attachments, odd fields and shortcuts exports without an error", async () => {
      let stdout = "";
      let stderr = "";
      const env = {
        PASSWORK_HOST: fx.emu.url,
        PASSWORK_TOKEN: fx.emu.adminTokens.accessToken,
        ...(cse ? { PASSWORK_MASTER_KEY: fx.emu.adminMasterKey as string } : {}),
      };
      const code = await cliMain(["export", "--vault", ids.vault, "--format", "json"], {
        env,
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
      });
      assert.equal(code, 0, stderr);
      assert.match(
        stderr,
        /apps: a shortcut to record "EXTERNAL"/,
        "export lists the shortcut in the folder",
      );
      assert.match(stderr, /custom field "MAIL" has type "email"/, "and the fields it cannot declare");
      const spec = JSON.parse(stdout);
      assert.ok(JSON.stringify(spec).includes("HANDMADE"));
      for (const secret of ["hand-pw", "adopt-pw", "ops@example.com", "keep me"])
        assert.ok(!stdout.includes(secret), `no secret (${secret}) in the export`);
    });

    it("forceDestroy: a folder holding only a shortcut is not empty; forced, it goes to the bin with everything and comes back byte for byte", async () => {
      // Without forceDestroy the provider names what is left, shortcuts included.
      await assert.rejects(
        d.delete("folder", ids.folder, { ...folderOuts, forceDestroy: undefined }),
        (e: Error) => /shortcut/.test(e.message) && /HANDMADE/.test(e.message),
      );
      await d.delete("folder", ids.folder, { ...folderOuts, forceDestroy: true });
      await assert.rejects(fx.raw("GET", `/shortcuts/${ids.scIn}`), /404/);
      const bin = (await fx.raw("GET", `/bin?vaultId=${ids.vault}`)).items as {
        id: string;
        objectId: string;
      }[];
      const entry = bin.find((b) => b.objectId === ids.folder);
      assert.ok(entry, "the folder is in the bin");
      await fx.raw("POST", `/bin/${entry.id}/restore`);
      const after = await serverState();
      for (const [k, v] of Object.entries(original)) {
        if (k === "h2") continue; // changed on purpose above (login, description); compared below
        assert.equal(after[k], v, `${k} is back exactly as it was`);
      }
      assert.equal(after.h2, afterAdopt.h2, "the adopted record is back exactly as the stack left it");
    });
  });
}
