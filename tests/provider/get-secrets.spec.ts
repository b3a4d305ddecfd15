/**
 * getSecrets gives, for a folder, exactly the variables `passwork-cli exec --folder-id` would set.
 * The expectation comes from a small independent re-implementation of the exec rules
 * (reference/passwork-api.md §6) over raw wire JSON, decoding base64 itself.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { directDriver } from "./drivers";
import { startFixture, type ProviderFixture } from "./fixture";
import { lookupFolder, lookupSecrets } from "../../sdk/reads/objects";
import { clientFor, currentSettings } from "../../provider/config";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const unb64 = (s: string) => Buffer.from(s, "base64").toString("utf8");

/** passwork-cli exec, as the vendor's Python does it, on raw JSON. */
async function execReference(fx: ProviderFixture, folderId: string): Promise<Record<string, string>> {
  const hits = (await fx.raw("GET", `/items/search?folderIds%5B%5D=${folderId}`)).items as { id: string }[];
  const env: Record<string, string> = {};
  const sanitize = (n: string) => {
    let out = "";
    for (const ch of n) out += /[A-Za-z0-9]/.test(ch) ? ch : "_";
    return /^[A-Za-z]/.test(out) ? out : "P_" + out;
  };
  for (const { id } of hits) {
    const item = await fx.raw("GET", `/items/${id}`);
    const name = "name" in item ? item.name : "PASSWORD";
    if (item.passwordEncrypted) env[sanitize(name)] = unb64(item.passwordEncrypted);
    for (const c of item.customs ?? []) {
      const type = unb64(c.type);
      if (type === "text" || type === "password") env[sanitize(unb64(c.name))] = unb64(c.value);
    }
  }
  return env;
}

describe("getSecrets matches passwork-cli exec --folder-id", function () {
  this.timeout(20_000);
  let fx: ProviderFixture;
  const d = directDriver();
  before(async () => (fx = await startFixture()));
  after(async () => fx?.close());

  async function make(kind: "vault" | "folder" | "record", news: Record<string, unknown>) {
    const c = await d.check(kind, {}, news);
    assert.deepEqual(c.failures, []);
    return d.create(kind, c.inputs);
  }

  it("for records made by the provider and by a raw API client", async () => {
    const v = await make("vault", { name: "secrets" });
    const f = await make("folder", { name: "production", vaultId: v.id });
    const sub = await make("folder", { name: "nested", vaultId: v.id, parentFolderId: f.id });
    await make("record", {
      name: "DB_PASSWORD",
      vaultId: v.id,
      folderId: f.id,
      password: "pg-secret",
      customFields: { DB_USER: { value: "app" }, OTP: { value: "JBSWY3DPEHPK3PXP", type: "totp" } },
    });
    await make("record", {
      name: "api key",
      vaultId: v.id,
      folderId: f.id,
      generatePassword: { length: 20 },
    });
    await make("record", {
      name: "NO_PASSWORD",
      vaultId: v.id,
      folderId: f.id,
      customFields: { "3rd-party": { value: "x", type: "password" } },
    });
    await make("record", { name: "DEEP", vaultId: v.id, folderId: sub.id, password: "not direct" });
    await make("record", { name: "ROOT", vaultId: v.id, password: "not in folder" });
    // Raw client records: base64 on the wire, one overwriting a name, one with no password at all.
    await fx.raw("POST", "/items", {
      vaultId: v.id,
      folderId: f.id,
      name: "DB_USER",
      passwordEncrypted: b64("overwrites?"),
      tags: [],
    });
    await fx.raw("POST", "/items", {
      vaultId: v.id,
      folderId: f.id,
      name: "raw.only.fields",
      tags: [],
      customs: [
        { name: b64("REDIS_URL"), type: b64("text"), value: b64("redis://cache:6379") },
        { name: b64("SEED"), type: b64("totp"), value: b64("JBSWY3DPEHPK3PXP") },
      ],
    });
    await fx.raw("POST", "/items", {
      vaultId: v.id,
      folderId: f.id,
      name: "ÜNICODE name",
      passwordEncrypted: b64("ü-secret"),
      tags: [],
    });

    const expected = await execReference(fx, f.id);
    const client = clientFor(currentSettings());
    const got = await lookupSecrets(client, { folderId: f.id });
    assert.deepEqual(got.env, expected);
    // Sanity on the reference itself: direct children only, totp skipped, names sanitized.
    assert.equal(expected.DEEP, undefined);
    assert.equal(expected.ROOT, undefined);
    assert.equal(expected.OTP, undefined);
    assert.equal(expected.api_key?.length, 20);
    assert.equal(expected.P_3rd_party, "x");
    assert.equal(expected.REDIS_URL, "redis://cache:6379");
    assert.equal(expected.P__NICODE_name, "ü-secret");
    assert.deepEqual(Object.keys(expected).sort(), [
      "DB_PASSWORD",
      "DB_USER",
      "P_3rd_party",
      "P__NICODE_name",
      "REDIS_URL",
      "api_key",
    ]);
    assert.equal(
      expected.DB_USER,
      "overwrites?",
      "the later record overwrites the earlier field of the same name",
    );

    // Vault selection is recursive (vaultIds[]), tags narrow it.
    const all = await lookupSecrets(client, { vaultId: v.id });
    assert.equal(all.env.DEEP, "not direct");
    assert.equal(all.env.ROOT, "not in folder");

    // getFolder by path relative to the vault.
    const found = await lookupFolder(client, { vaultId: v.id, path: "production/nested" });
    assert.equal(found.folderId, sub.id);
    assert.equal(found.path, "production/nested");
  });

  it("the sdk function returns the map as a secret Output", async () => {
    const v = await make("vault", { name: "sdk secrets" });
    await make("record", { name: "TOKEN", vaultId: v.id, password: "t0k" });
    pulumi.runtime.setAllConfig({
      "passwork:host": fx.emu.url,
      "passwork:accessToken": fx.emu.adminTokens.accessToken,
    });
    const { getSecrets } = await import("../../sdk/lookups");
    const result = await getSecrets({ vaultId: v.id });
    assert.deepEqual(result.names, ["TOKEN"]);
    assert.equal(await pulumi.isSecret(result.env), true);
    const value = await new Promise((resolve) => result.env.apply((e) => resolve(e)));
    assert.deepEqual(value, { TOKEN: "t0k" });
  });
});
