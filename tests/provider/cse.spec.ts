/**
 * Client-side encryption through Vault/Folder/Record: the emulator stores only ciphertext, the
 * providers read plaintext back, and a given password produces no drift.
 */
import { strict as assert } from "node:assert";
import { clientFor, currentSettings } from "../../provider/config";
import { lookupSecrets } from "../../sdk/reads/objects";
import { directDriver } from "./drivers";
import { actAsCseAdmin, startFixture, type ProviderFixture } from "./fixture";

describe("client-side encryption through the providers", function () {
  this.timeout(30_000);
  let fx: ProviderFixture;
  const d = directDriver();

  before(async () => {
    fx = await startFixture({ clientSideEncryption: true });
    await actAsCseAdmin(fx, "cse-admin");
  });
  after(async () => fx?.close());

  async function make(kind: "vault" | "folder" | "record", news: Record<string, unknown>) {
    const c = await d.check(kind, {}, news);
    assert.deepEqual(c.failures, []);
    return { ...(await d.create(kind, c.inputs)), inputs: c.inputs };
  }

  it("creates, reads and updates an encrypted record; the server holds ciphertext only", async () => {
    const v = await make("vault", { name: "encrypted" });
    const f = await make("folder", { name: "prod", vaultId: v.id });
    const r = await make("record", {
      name: "DB_PASSWORD",
      vaultId: v.id,
      folderId: f.id,
      password: "plain-pg-secret",
      customFields: { DB_USER: { value: "app-user" } },
    });
    assert.equal(r.outs.password, "plain-pg-secret");

    const wire = await fetch(`${fx.emu.url}/api/v1/items/${r.id}`, {
      headers: { authorization: `Bearer ${fx.settings.accessToken}`, "x-response-format": "raw" },
    }).then((x) => x.json() as Promise<any>);
    assert.ok(wire.passwordEncrypted.startsWith("amt4cwv48xb6pp1h"), "Passwork AES ciphertext");
    const wireText = JSON.stringify(wire);
    for (const plain of [
      "plain-pg-secret",
      "app-user",
      "DB_USER",
      Buffer.from("plain-pg-secret").toString("base64"),
    ])
      assert.ok(!wireText.includes(plain), `server holds ${plain}`);
    assert.ok(wire.keyEncrypted, "item key wrapped by the vault key");

    const read = await d.read("record", r.id, r.outs);
    assert.equal(read.props.password, "plain-pg-secret");
    assert.deepEqual(read.props.customFields, { DB_USER: { type: "text", value: "app-user" } });
    assert.equal(
      (await d.diff("record", r.id, read.props, r.inputs)).changes,
      false,
      "no drift from decryption",
    );

    const news = (
      await d.check(
        "record",
        {},
        {
          name: "DB_PASSWORD",
          vaultId: v.id,
          folderId: f.id,
          password: "rotated",
          customFields: { DB_USER: { value: "app-user" } },
        },
      )
    ).inputs;
    const outs = await d.update("record", r.id, read.props, news);
    assert.equal(outs.password, "rotated");
    assert.equal((await d.read("record", r.id, outs)).props.password, "rotated");

    const env = await lookupSecrets(clientFor(currentSettings()), { folderId: f.id });
    assert.deepEqual(env.env, { DB_PASSWORD: "rotated", DB_USER: "app-user" });
  });
});
