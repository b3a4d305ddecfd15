/** Our crypto reads what real Passwork servers wrote (vendor fixtures with independently known plaintexts). */
import assert from "node:assert/strict";
import { decryptString, isPassworkCiphertext } from "../../../provider/client/crypto/aes";
import { KeyChain } from "../../../provider/client/crypto/keychain";
import { masterKeyHash } from "../../../provider/client/crypto/master-key";
import { rsaDecryptOaep, rsaDecryptPkcs1v15 } from "../../../provider/client/crypto/rsa";
import { decodeItem } from "../../../provider/client/codec";
import { PASSWORD, VENDOR_SETS, readVendorItem, readVendorUserKeys } from "./vendor-data";

describe("crypto: real Passwork data (vendor fixtures)", () => {
  for (const vendor of VENDOR_SETS) {
    describe(vendor.set, () => {
      const item = readVendorItem(vendor.itemFile);
      const userKeys = readVendorUserKeys(vendor.userKeysFile);
      const vaultBlob = item.vaultMasterKeyEncrypted ?? "";

      it("X-Master-Key-Hash of the master key is the known value", () => {
        assert.equal(masterKeyHash(vendor.masterKey), vendor.masterKeyHash);
      });

      it("the master key decrypts the private key to a 1024-bit PKCS#1 PEM", () => {
        const pem = decryptString(userKeys.keys.privateEncrypted, vendor.masterKey);
        assert.ok(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----"), "PKCS#1 PEM header");
        const key = new KeyChain(vendor.masterKey).privateKey(userKeys);
        assert.equal(key.asymmetricKeyDetails?.modulusLength, 1024);
      });

      it("the vault key is PKCS#1 v1.5 (OAEP refuses it) and 100 characters long", () => {
        const privateKey = new KeyChain(vendor.masterKey).privateKey(userKeys);
        const cipher = Buffer.from(vaultBlob, "base64");
        assert.throws(() => rsaDecryptOaep(privateKey, cipher));
        const vaultKey = rsaDecryptPkcs1v15(privateKey, cipher).toString("utf8");
        assert.equal(vaultKey.length, 100);
        assert.equal(vaultKeyVia(vendor.masterKey), vaultKey, "KeyChain falls back from OAEP to PKCS#1 v1.5");
      });

      function vaultKeyVia(masterKey: string): string {
        const chain = new KeyChain(masterKey);
        chain.privateKey(userKeys);
        return chain.vaultKey(item.vaultId, vaultBlob);
      }

      it(`the item key is ${vendor.itemKeyLength} characters and opens the password and all three custom fields`, () => {
        const vaultKey = vaultKeyVia(vendor.masterKey);
        assert.ok(isPassworkCiphertext(item.keyEncrypted));
        const itemKey = decryptString(item.keyEncrypted ?? "", vaultKey);
        assert.equal(itemKey.length, vendor.itemKeyLength);
        assert.equal(decryptString(item.passwordEncrypted ?? "", itemKey), PASSWORD);
        const customs = (item.customs ?? []).map((c) => ({
          name: decryptString(c.name, itemKey),
          type: decryptString(c.type, itemKey),
          value: decryptString(c.value, itemKey),
        }));
        assert.deepEqual(customs, vendor.customs);
      });

      it("decodeItem turns the encrypted item into the plaintext record end to end", () => {
        const record = decodeItem(item, { vaultKey: vaultKeyVia(vendor.masterKey) });
        assert.deepEqual(record, {
          id: item.id,
          vaultId: item.vaultId,
          folderId: null,
          name: "name-test",
          login: "login-test",
          url: "https://example.com",
          description: "notes test",
          color: 5,
          tags: ["test", "test-2"],
          password: PASSWORD,
          customs: vendor.customs,
        });
      });
    });
  }

  it("the plain-mode item (v0.2.0 item_response.json) decodes to the same plaintexts without any key", () => {
    const item = readVendorItem("v0.2.0/item_response.json");
    assert.equal(item.keyEncrypted, null);
    const record = decodeItem(item, { vaultKey: null });
    assert.equal(record.password, PASSWORD);
    assert.deepEqual(record.customs, VENDOR_SETS[1]?.customs);
    assert.deepEqual(record.tags, ["test", "test-2"]);
  });
});
