/**
 * Shortcut through the provider, in both encryption modes: a principal that can read only the place the
 * shortcut lives in sees the record there and opens it through the shortcut (getRecord by shortcut id);
 * under client-side encryption the shortcut carries the item key wrapped for the target vault.
 */
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { access, items, PassworkClient, PermissionDeniedError, shortcuts } from "../../provider/client";
import { decryptString } from "../../provider/client/crypto/aes";
import { generateUserKeys } from "../../provider/client/crypto/keychain";
import { clientFor, currentSettings } from "../../provider/config";
import { lookupRecord, lookupSecrets } from "../../sdk/reads/objects";
import { directDriver } from "./drivers";
import { actAsCseAdmin, startFixture, type ProviderFixture } from "./fixture";

for (const cse of [false, true]) {
  describe(`Shortcut (${cse ? "client-side encryption" : "encryption off"})`, function () {
    this.timeout(60_000);
    let fx: ProviderFixture;
    const d = directDriver();

    before(async () => {
      fx = await startFixture({ clientSideEncryption: cse });
      if (cse) await actAsCseAdmin(fx, "sc-admin");
    });
    after(async () => fx?.close());

    async function make(kind: "vault" | "folder" | "record" | "shortcut", news: Record<string, unknown>) {
      const c = await d.check(kind, {}, news);
      assert.deepEqual(c.failures, []);
      return { ...(await d.create(kind, c.inputs)), inputs: c.inputs };
    }

    it("a principal with access only to the shortcut's place reads the record through it; delete is clean", async () => {
      const prod = await make("vault", { name: "production" });
      const ci = await make("vault", { name: "ci" });
      const deploy = await make("folder", { name: "deploy", vaultId: ci.id });
      const db = await make("record", {
        name: "mysql-primary",
        vaultId: prod.id,
        login: "app",
        password: "pw-through-the-shortcut",
        customFields: { MYSQL_HOST: { value: "db.internal" } },
      });
      const sc = await make("shortcut", { recordId: db.id, vaultId: ci.id, folderId: deploy.id });

      const admin = clientFor(currentSettings());
      if (cse) {
        const wire = await fx.raw("GET", `/shortcuts/${sc.id}`);
        const item = await fx.raw("GET", `/items/${db.id}`);
        assert.ok(wire.shortcut.keyEncrypted.startsWith("amt4cwv48xb6pp1h"), "the key travels encrypted");
        assert.notEqual(wire.shortcut.keyEncrypted, item.keyEncrypted, "re-wrapped for the target vault");
        const { vaultKeyOf } = require("../../provider/client/key-context");
        const itemKey = decryptString(item.keyEncrypted, await vaultKeyOf(admin, prod.id));
        assert.equal(decryptString(wire.shortcut.keyEncrypted, await vaultKeyOf(admin, ci.id)), itemKey);
      } else {
        assert.equal((await fx.raw("GET", `/shortcuts/${sc.id}`)).shortcut.keyEncrypted, null);
      }

      // The bot: read on the shortcut's folder only (under CSE folders carry no keys, so it reads the
      // target vault, with the vault key wrapped for it); nothing on the record's own vault.
      const masterKey = randomBytes(64).toString("base64");
      const bot = await fx.emu.seedUser({
        login: `ci-bot-${cse}`,
        isServiceAccount: true,
        ...(cse ? { keys: await generateUserKeys(masterKey) } : {}),
      });
      if (cse)
        await access.setGrant(admin, "vault", ci.id, {
          principalType: "user",
          principalId: bot.id,
          access: "read",
        });
      else
        await access.setGrant(admin, "folder", deploy.id, {
          principalType: "user",
          principalId: bot.id,
          access: "read",
        });
      const asBot = new PassworkClient({
        host: fx.emu.url,
        accessToken: bot.tokens.accessToken,
        refreshToken: bot.tokens.refreshToken,
        ...(cse ? { masterKey } : {}),
      });
      await assert.rejects(
        () => items.get(asBot, db.id),
        PermissionDeniedError,
        "no access to the record itself",
      );
      const visible = await shortcuts.inPlace(asBot, ci.id, deploy.id);
      assert.deepEqual(
        visible.map((s) => s.shortcut.id),
        [sc.id],
      );
      const viaShortcut = await lookupRecord(asBot, { id: sc.id });
      assert.equal(viaShortcut.id, db.id);
      assert.equal(viaShortcut.password, "pw-through-the-shortcut");
      assert.deepEqual(viaShortcut.customs, [{ name: "MYSQL_HOST", type: "text", value: "db.internal" }]);
      assert.equal((await lookupRecord(admin, { shortcutId: sc.id })).login, "app");

      // The admin's getSecrets over the folder includes the record behind the shortcut (exec does too).
      const env = await lookupSecrets(admin, { folderId: deploy.id });
      assert.equal(env.env["mysql_primary"], "pw-through-the-shortcut");
      assert.equal(env.env["MYSQL_HOST"], "db.internal");

      await d.delete("shortcut", sc.id, sc.outs);
      assert.equal((await shortcuts.inPlace(asBot, ci.id, deploy.id)).length, 0, "gone for the bot");
      assert.equal((await fx.raw("GET", `/items/${db.id}`)).id, db.id, "the record stays");
      const bin = await fx.raw("GET", `/bin?vaultId=${ci.id}`);
      assert.deepEqual(
        bin.items.map((b: any) => b.objectType),
        ["shortcut"],
        "the shortcut went to the bin",
      );
    });
  });
}
