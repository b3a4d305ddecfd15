import assert from "node:assert/strict";
import { decryptString, encryptString, isPassworkCiphertext } from "../../../provider/client/crypto/aes";
import { KeyChain } from "../../../provider/client/crypto/keychain";
import { MasterKeyRequiredError } from "../../../provider/client/crypto/errors";
import { decodeItem, encodeWrite, type RecordWrite } from "../../../provider/client/codec";
import { ItemCreateParams, ItemSchema, ItemUpdateParams, type Item } from "../../../protocol/items";
import { expectCryptoError } from "./assert-secret-free";
import { PASSWORD, VENDOR_SETS, readVendorItem, readVendorUserKeys } from "./vendor-data";

const VAULT_ID = "6821d92cb9d649035b0894e2";
const ITEM_ID = "691d7dc8decc3f3da50349d2";
const VAULT_KEY = "V".repeat(60) + "@!abcdefghijklmnopqrstuvwxyz0123456789"; // 100 characters

const FULL_WRITE: RecordWrite = {
  vaultId: VAULT_ID,
  folderId: null,
  name: "DB_PASSWORD",
  login: "app",
  url: "https://db.example",
  description: "main database",
  color: 3,
  tags: ["prod", "db"],
  password: "pä$$wörd-🔑",
  customs: [
    { name: "HOST", type: "text", value: "db.internal" },
    { name: "API_KEY", type: "password", value: "k-123" },
    { name: "OTP", type: "totp", value: "JBSWY3DPEHPK3PXP" },
  ],
};

/** What the server would hand back after storing `encoded`. */
function storedItem(encoded: ReturnType<typeof encodeWrite>): Item {
  return ItemSchema.parse({
    id: ITEM_ID,
    vaultId: encoded.vaultId,
    folderId: encoded.folderId ?? null,
    name: encoded.name ?? "",
    login: encoded.login ?? "",
    url: encoded.url ?? "",
    description: encoded.description ?? "",
    color: encoded.color ?? 0,
    tags: encoded.tags ?? [],
    passwordEncrypted: encoded.passwordEncrypted ?? "",
    keyEncrypted: encoded.keyEncrypted ?? null,
    customs: encoded.customs ?? [],
  });
}

describe("codec: record ⇄ wire item", () => {
  describe("encryption off", () => {
    it("encodes password and every custom name/type/value as base64 and decodes back", () => {
      const encoded = encodeWrite(FULL_WRITE, { cse: false });
      ItemCreateParams.parse(encoded);
      assert.equal(encoded.passwordEncrypted, Buffer.from(FULL_WRITE.password!, "utf8").toString("base64"));
      assert.deepEqual(encoded.customs?.[1], {
        name: "QVBJX0tFWQ==",
        type: "cGFzc3dvcmQ=",
        value: "ay0xMjM=",
      });
      assert.equal("keyEncrypted" in encoded, false);
      const record = decodeItem(storedItem(encoded), { vaultKey: null });
      assert.equal(record.password, FULL_WRITE.password);
      assert.deepEqual(record.customs, FULL_WRITE.customs);
      assert.deepEqual(record.tags, FULL_WRITE.tags);
    });

    it("emits only the fields present (PATCH), and password null as an empty passwordEncrypted", () => {
      assert.deepEqual(encodeWrite({ vaultId: VAULT_ID, name: "renamed" }, { cse: false }), {
        vaultId: VAULT_ID,
        name: "renamed",
      });
      const cleared = encodeWrite({ vaultId: VAULT_ID, password: null, customs: [] }, { cse: false });
      assert.deepEqual(cleared, { vaultId: VAULT_ID, passwordEncrypted: "", customs: [] });
      ItemUpdateParams.parse(cleared);
    });

    it("an empty or missing password decodes to null; missing optional fields get defaults", () => {
      const item = ItemSchema.parse({
        id: ITEM_ID,
        vaultId: VAULT_ID,
        folderId: null,
        name: "n",
        passwordEncrypted: null,
        keyEncrypted: null,
        tags: [],
      });
      assert.deepEqual(decodeItem(item, { vaultKey: null }), {
        id: ITEM_ID,
        vaultId: VAULT_ID,
        folderId: null,
        name: "n",
        login: "",
        url: "",
        description: "",
        color: 0,
        tags: [],
        password: null,
        customs: [],
      });
      assert.equal(decodeItem({ ...item, passwordEncrypted: "" }, { vaultKey: null }).password, null);
    });

    it("keeps the search breadcrumb", () => {
      const path = [{ name: "Vault", vaultId: VAULT_ID, folderId: null }];
      const item = ItemSchema.parse({
        id: ITEM_ID,
        vaultId: VAULT_ID,
        folderId: null,
        name: "n",
        passwordEncrypted: "",
        keyEncrypted: null,
        tags: [],
        path,
      });
      assert.deepEqual(decodeItem(item, { vaultKey: null }).path, path);
    });

    it("an unknown custom type is kept aside (name and type) and never fails the read (issue 14)", () => {
      const encoded = encodeWrite(
        { vaultId: VAULT_ID, name: "n", customs: FULL_WRITE.customs! },
        { cse: false },
      );
      const customs = [...encoded.customs!];
      customs[2] = { ...customs[2]!, type: Buffer.from("email").toString("base64") };
      const record = decodeItem(storedItem({ ...encoded, customs }), { vaultKey: null });
      assert.deepEqual(record.customs, FULL_WRITE.customs!.slice(0, 2));
      assert.deepEqual(record.otherCustoms, [{ name: FULL_WRITE.customs![2]!.name, type: "email" }]);
      assert.ok(!JSON.stringify(record.otherCustoms).includes("JBSWY3DPEHPK3PXP"), "no value kept aside");
    });

    it("a field that is neither base64 nor ciphertext is a clear error", () => {
      const item = storedItem(encodeWrite({ vaultId: VAULT_ID, name: "n", password: "x" }, { cse: false }));
      const error = expectCryptoError(
        () => decodeItem({ ...item, passwordEncrypted: "not base64!" }, { vaultKey: null }),
        [],
        ["unsupported-data"],
      );
      assert.match(error.message, /password is neither base64/);
    });

    it("refuses a custom type outside text|password|totp when writing", () => {
      const write = {
        vaultId: VAULT_ID,
        customs: [{ name: "N", type: "email", value: "v" }],
      } as unknown as RecordWrite;
      const error = expectCryptoError(() => encodeWrite(write, { cse: false }), [], ["bad-input"]);
      assert.match(error.message, /customs\[0\]\.type must be one of text, password, totp/);
    });
  });

  describe("client-side encryption on", () => {
    it("a new item gets a fresh 100-char item key wrapped with the vault key; everything secret is ciphertext", () => {
      const encoded = encodeWrite(FULL_WRITE, { cse: true, vaultKey: VAULT_KEY });
      ItemCreateParams.parse(encoded);
      assert.ok(isPassworkCiphertext(encoded.keyEncrypted));
      assert.equal(decryptString(encoded.keyEncrypted!, VAULT_KEY).length, 100);
      assert.ok(isPassworkCiphertext(encoded.passwordEncrypted));
      for (const c of encoded.customs!)
        for (const v of [c.name, c.type, c.value]) assert.ok(isPassworkCiphertext(v));
      assert.equal(encoded.name, FULL_WRITE.name, "names stay plaintext (search needs them)");
      const body = JSON.stringify(encoded);
      for (const secret of [FULL_WRITE.password!, "k-123", "db.internal", "API_KEY"])
        assert.ok(!body.includes(secret), secret);

      const record = decodeItem(storedItem(encoded), { vaultKey: VAULT_KEY });
      assert.equal(record.password, FULL_WRITE.password);
      assert.deepEqual(record.customs, FULL_WRITE.customs);
    });

    it("an update reuses the existing item key of a real Passwork item", () => {
      const vendor = VENDOR_SETS[1]!;
      const item = readVendorItem(vendor.itemFile);
      const chain = new KeyChain(vendor.masterKey);
      chain.privateKey(readVendorUserKeys(vendor.userKeysFile));
      const vaultKey = chain.vaultKey(item.vaultId, item.vaultMasterKeyEncrypted!);
      const itemKey = decryptString(item.keyEncrypted!, vaultKey);

      const encoded = encodeWrite(
        { vaultId: item.vaultId, password: "rotated-Secret-1" },
        { cse: true, vaultKey, keyEncrypted: item.keyEncrypted },
      );
      assert.equal(encoded.keyEncrypted, item.keyEncrypted, "re-sends the existing keyEncrypted");
      assert.equal(decryptString(encoded.passwordEncrypted!, itemKey), "rotated-Secret-1");

      // The fields this write did not touch still decrypt with the (same) key.
      const merged = { ...item, passwordEncrypted: encoded.passwordEncrypted! };
      const record = decodeItem(merged, { vaultKey });
      assert.equal(record.password, "rotated-Secret-1");
      assert.deepEqual(record.customs, vendor.customs);
    });

    it("a name-only update under encryption sends no key material", () => {
      const existing = encodeWrite(
        { vaultId: VAULT_ID, name: "a", password: "p" },
        { cse: true, vaultKey: VAULT_KEY },
      );
      assert.deepEqual(
        encodeWrite(
          { vaultId: VAULT_ID, name: "b" },
          { cse: true, vaultKey: VAULT_KEY, keyEncrypted: existing.keyEncrypted ?? null },
        ),
        { vaultId: VAULT_ID, name: "b" },
      );
    });

    it('password null clears it (empty passwordEncrypted) and decodes as null; an encrypted empty string stays ""', () => {
      const encoded = encodeWrite(
        { vaultId: VAULT_ID, name: "n", password: null },
        { cse: true, vaultKey: VAULT_KEY },
      );
      assert.equal(encoded.passwordEncrypted, "");
      assert.equal(decodeItem(storedItem(encoded), { vaultKey: VAULT_KEY }).password, null);
      const emptyCipher = {
        ...storedItem(encoded),
        passwordEncrypted: encryptString("", decryptString(encoded.keyEncrypted!, VAULT_KEY)),
      };
      // An encrypted "" is a password that is the empty string: passwork-cli exec exports NAME="" (issue 14).
      assert.equal(decodeItem(emptyCipher, { vaultKey: VAULT_KEY }).password, "");
    });

    it("encrypted data without a vault key asks for passwork:masterKey", () => {
      const item = readVendorItem(VENDOR_SETS[0]!.itemFile);
      const error = expectCryptoError(
        () => decodeItem(item, { vaultKey: null }),
        [PASSWORD],
        ["master-key-required"],
      );
      assert.ok(error instanceof MasterKeyRequiredError);
      assert.match(
        error.message,
        /this item \(673c4da03779c24fd60a80b2\) is client-side encrypted: set passwork:masterKey \(or PASSWORK_MASTER_KEY\)/,
      );
    });

    it("a wrong vault key is a clear error that leaks neither key nor plaintext", () => {
      const encoded = encodeWrite(FULL_WRITE, { cse: true, vaultKey: VAULT_KEY });
      const error = expectCryptoError(
        () => decodeItem(storedItem(encoded), { vaultKey: "wrong-vault-key-42" }),
        [VAULT_KEY, "wrong-vault-key-42", FULL_WRITE.password!, "k-123"],
        ["decrypt-failed"],
      );
      assert.match(error.message, new RegExp(`item ${ITEM_ID} keyEncrypted`));
      expectCryptoError(
        () =>
          encodeWrite(
            { vaultId: VAULT_ID, password: "new-secret-9" },
            { cse: true, vaultKey: "wrong-vault-key-42", keyEncrypted: encoded.keyEncrypted ?? null },
          ),
        [VAULT_KEY, "wrong-vault-key-42", "new-secret-9"],
        ["decrypt-failed"],
      );
    });

    it("a truncated field names the item and the field", () => {
      const encoded = encodeWrite(FULL_WRITE, { cse: true, vaultKey: VAULT_KEY });
      const item = storedItem(encoded);
      const customs = item.customs!.map((c, i) => (i === 1 ? { ...c, value: c.value.slice(0, 40) } : c));
      const error = expectCryptoError(
        () => decodeItem({ ...item, customs }, { vaultKey: VAULT_KEY }),
        [VAULT_KEY, "k-123"],
        ["decrypt-failed"],
      );
      assert.match(error.message, new RegExp(`item ${ITEM_ID} custom field 1 value`));
    });

    it("ciphertext without keyEncrypted is reported, not guessed", () => {
      const item = storedItem(encodeWrite(FULL_WRITE, { cse: true, vaultKey: VAULT_KEY }));
      expectCryptoError(
        () => decodeItem({ ...item, keyEncrypted: null }, { vaultKey: VAULT_KEY }),
        [VAULT_KEY],
        ["unsupported-data"],
      );
    });

    it("refuses to encode under encryption without a vault key", () => {
      expectCryptoError(
        () => encodeWrite(FULL_WRITE, { cse: true, vaultKey: "" }),
        [FULL_WRITE.password!],
        ["bad-input"],
      );
    });
  });
});
