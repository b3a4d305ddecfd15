import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ItemSchema, UserKeysSchema, VaultSchema } from "../../protocol";
import type { RunningEmulator } from "../../emulator/server";
import { as, b64, call, start, type Api } from "./helpers";

const DIR = path.resolve(__dirname, "../fixtures/vendor");
const fixture = (rel: string) =>
  JSON.parse(readFileSync(path.join(DIR, rel), "utf8")) as Record<string, unknown>;

const VENDOR = {
  "v0.1.3/item_response.json": ItemSchema,
  "v0.1.3/user_keys_response.json": UserKeysSchema,
  "v0.2.0/item_response.json": ItemSchema,
  "v0.2.0/encrypted_item_response.json": ItemSchema,
  "v0.2.0/vault_response.json": VaultSchema,
  "v0.2.0/encrypted_vault_response.json": VaultSchema,
  "v0.2.0/user_keys_response.json": UserKeysSchema,
};

/** Keys our emulator adds on purpose (documented in docs/emulator.md). */
const OUR_EXTRA_ITEM_KEYS = ["path"];
const keys = (o: object) => Object.keys(o).sort();

describe("emulator: vendor fixtures and shape parity", () => {
  for (const [file, schema] of Object.entries(VENDOR)) {
    it(`vendor ${file} validates against the shared schema`, () => {
      const r = schema.safeParse(fixture(file));
      assert.ok(r.success, r.success ? "" : JSON.stringify(r.error.issues));
    });
  }

  async function seedItem(api: Api, cse: boolean) {
    const types = (await api.get("/api/v1/vault-types/all")).body.items;
    const vault = (
      await api.post("/api/v1/vaults", {
        name: "Test",
        typeId: types[0].id,
        ...(cse ? { masterKeyEncrypted: "cnNhLWJsb2I=" } : {}),
      })
    ).body.id;
    const item = (
      await api.post("/api/v1/items", {
        vaultId: vault,
        name: "name-test",
        login: "login-test",
        url: "https://example.com",
        description: "notes test",
        passwordEncrypted: cse ? "amt4cwv48xb6pp1hopaque" : b64("kzwugR]VH-9KF0:~d8h%"),
        ...(cse ? { keyEncrypted: "amt4cwv48xb6pp1hitemkey" } : {}),
        tags: ["test", "test-2"],
        color: 5,
        customs: [{ name: b64("Custom name"), value: b64("custom-login"), type: b64("text") }],
      })
    ).body.id;
    return { vault, item };
  }

  describe("CSE off", () => {
    let emu: RunningEmulator;
    before(async () => {
      emu = await start();
    });
    after(async () => {
      await emu.close();
    });

    it("an item with customs/tags/color and a vault have the vendor's shape and top-level keys", async () => {
      const api = as(emu, emu.adminTokens.accessToken);
      const { vault, item } = await seedItem(api, false);
      const ours = (await api.get(`/api/v1/items/${item}`)).body;
      assert.ok(ItemSchema.safeParse(ours).success);
      const vendorItem = fixture("v0.2.0/item_response.json");
      assert.deepEqual(
        keys(ours).filter((k) => !OUR_EXTRA_ITEM_KEYS.includes(k)),
        keys(vendorItem),
      );
      assert.equal(ours.keyEncrypted, null);
      assert.equal(ours.vaultMasterKeyEncrypted, null);
      const v = (await api.get(`/api/v1/vaults/${vault}`)).body;
      assert.ok(VaultSchema.safeParse(v).success);
      const vendorVault = fixture("v0.2.0/vault_response.json");
      assert.deepEqual(keys(v), keys(vendorVault));
      assert.deepEqual(
        v.permissions,
        vendorVault.permissions,
        "admin capabilities match the vendor's list and order",
      );
      assert.deepEqual(v.directoryAccess, vendorVault.directoryAccess);
    });
  });

  describe("CSE on", () => {
    let emu: RunningEmulator;
    const vendorKeys = fixture("v0.2.0/user_keys_response.json") as {
      keys: { public: string; privateEncrypted: string };
    };
    before(async () => {
      emu = await start({ clientSideEncryption: true });
    });
    after(async () => {
      await emu.close();
    });

    it("stores ciphertext opaquely, returns the caller's key blobs, serves user keys with the vendor's shape", async () => {
      const seeded = await call(emu.url, "POST", "/_emulator/users", {
        body: {
          login: "cse-user",
          role: "user",
          keys: vendorKeys.keys,
          masterKeyOptions: "pbkdf:sha256:300000:64:abcdefghijklmnopqrst",
        },
      });
      const tokens = (await call(emu.url, "POST", "/_emulator/tokens", { body: { userId: seeded.body.id } }))
        .body;
      const api = as(emu, tokens.accessToken);
      const ourKeys = (await api.get("/api/v1/users/keys")).body;
      assert.ok(UserKeysSchema.safeParse(ourKeys).success);
      assert.deepEqual(keys(ourKeys), keys(vendorKeys));
      assert.deepEqual(ourKeys.keys, vendorKeys.keys);
      assert.equal(
        (await api.get("/api/v1/users/master-key/options")).body.masterKeyOptions,
        "pbkdf:sha256:300000:64:abcdefghijklmnopqrst",
      );
      assert.equal(
        (await api.get(`/api/v1/users/${seeded.body.id}/public-key`)).body.publicKey,
        vendorKeys.keys.public,
      );

      const types = (await api.get("/api/v1/vault-types/all")).body.items;
      const noKey = await api.post("/api/v1/vaults", { name: "x", typeId: types[0].id });
      assert.equal(noKey.body.errors[0].field, "masterKeyEncrypted");
      const { vault, item } = await seedItem(api, true);
      // A password needs the item key; a name-only item does not (the official client sends none then).
      const noItemKey = await api.post("/api/v1/items", {
        vaultId: vault,
        name: "nokey",
        passwordEncrypted: "amt4cwv48xb6pp1hopaque",
      });
      assert.equal(noItemKey.body.errors[0].field, "keyEncrypted");
      assert.equal((await api.post("/api/v1/items", { vaultId: vault, name: "no secrets" })).status, 200);
      const ours = (await api.get(`/api/v1/items/${item}`)).body;
      assert.equal(ours.keyEncrypted, "amt4cwv48xb6pp1hitemkey");
      assert.equal(ours.vaultMasterKeyEncrypted, "cnNhLWJsb2I=");
      assert.equal(ours.passwordEncrypted, "amt4cwv48xb6pp1hopaque");
      assert.deepEqual(
        keys(ours).filter((k) => !OUR_EXTRA_ITEM_KEYS.includes(k)),
        keys(fixture("v0.2.0/encrypted_item_response.json")),
      );
      assert.equal((await api.get(`/api/v1/vaults/${vault}`)).body.masterKeyEncrypted, "cnNhLWJsb2I=");

      // Grants to users carry the vault key encrypted to them; that blob is what they get back.
      const other = await emu.seedUser({ login: "cse-other", keys: vendorKeys.keys });
      const missing = await api.post(`/api/v1/vaults/${vault}/access`, {
        principalType: "user",
        principalId: other.id,
        access: "read",
      });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.errors[0].field, "keyEncrypted");
      assert.equal(
        (
          await api.post(`/api/v1/vaults/${vault}/access`, {
            principalType: "user",
            principalId: other.id,
            access: "read",
            keyEncrypted: "Zm9yLW90aGVy",
          })
        ).status,
        200,
      );
      const otherApi = as(emu, other.tokens.accessToken);
      assert.equal((await otherApi.get(`/api/v1/vaults/${vault}`)).body.masterKeyEncrypted, "Zm9yLW90aGVy");
      assert.equal(
        (await otherApi.get(`/api/v1/items/${item}`)).body.vaultMasterKeyEncrypted,
        "Zm9yLW90aGVy",
      );
    });
  });
});
