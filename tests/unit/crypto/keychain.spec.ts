import assert from "node:assert/strict";
import { createHash, createPrivateKey } from "node:crypto";
import { decryptString } from "../../../provider/client/crypto/aes";
import { CryptoError } from "../../../provider/client/crypto/errors";
import { KeyChain, generateUserKeys } from "../../../provider/client/crypto/keychain";
import { generateRsaKeyPair, rsaDecryptString } from "../../../provider/client/crypto/rsa";
import { expectCryptoError } from "./assert-secret-free";
import { VENDOR_SETS, readVendorItem, readVendorUserKeys } from "./vendor-data";

const vendor = VENDOR_SETS[1]!;
const ADMIN_ID = "66f2d2efc8d8ccee4d033a84";

describe("crypto/keychain", () => {
  const userKeys = readVendorUserKeys(vendor.userKeysFile);
  const item = readVendorItem(vendor.itemFile);

  it("decrypts the private key once and caches it", () => {
    const chain = new KeyChain(vendor.masterKey);
    assert.equal(chain.hasPrivateKey, false);
    const first = chain.privateKey(userKeys);
    const second = chain.privateKey({ keys: { privateEncrypted: "not even ciphertext" } });
    assert.equal(second, first);
    assert.equal(chain.hasPrivateKey, true);
  });

  it("a wrong master key is a clear error naming the setting, without keys", () => {
    const wrong = VENDOR_SETS[0]!.masterKey;
    const error = expectCryptoError(
      () => new KeyChain(wrong).privateKey(userKeys),
      [wrong, vendor.masterKey],
      ["decrypt-failed"],
    );
    assert.match(error.message, /master key \(passwork:masterKey \/ PASSWORK_MASTER_KEY\) is wrong/);
    assert.ok(!error.message.includes("PRIVATE KEY"));
  });

  it("needs the private key before vault keys, then caches per vault", () => {
    const chain = new KeyChain(vendor.masterKey);
    expectCryptoError(
      () => chain.vaultKey(item.vaultId, item.vaultMasterKeyEncrypted ?? ""),
      [],
      ["bad-input"],
    );
    chain.privateKey(userKeys);
    const vaultKey = chain.vaultKey(item.vaultId, item.vaultMasterKeyEncrypted ?? "");
    assert.equal(vaultKey.length, 100);
    assert.equal(chain.vaultKey(item.vaultId, "ignored once cached"), vaultKey);
    const error = expectCryptoError(() => chain.vaultKey("another", "AAAA"), [vaultKey]);
    assert.match(error.message, /vault another/);
  });

  it("rejects an empty master key", () => {
    assert.throws(() => new KeyChain(" "), CryptoError);
  });

  describe("a new user and a new vault", function () {
    this.timeout(20_000);
    const masterKey = "bmV3LXVzZXItbWFzdGVyLWtleQ==";
    let user: { public: string; privateEncrypted: string };
    let admin: { publicKey: string; privateKey: string };
    before(async () => {
      [user, admin] = await Promise.all([generateUserKeys(masterKey), generateRsaKeyPair()]);
    });

    it("generateUserKeys gives an SPKI public key and a PKCS#8 private key encrypted with the master key", () => {
      assert.match(user.public, /^-----BEGIN PUBLIC KEY-----/);
      const pem = decryptString(user.privateEncrypted, masterKey);
      assert.match(pem, /^-----BEGIN PRIVATE KEY-----/);
      assert.equal(createPrivateKey(pem).asymmetricKeyDetails?.modulusLength, 2048);
    });

    it("newVaultKeyMaterial wraps a fresh vault key for the creator and each administrator", () => {
      const creator = new KeyChain(masterKey);
      const material = creator.newVaultKeyMaterial(user.public, [
        { id: ADMIN_ID, publicKey: admin.publicKey },
      ]);
      assert.equal(material.vaultKey.length, 100);
      assert.equal(material.salt.length, 32);
      assert.equal(
        material.masterKeyHash,
        createHash("sha256")
          .update(material.vaultKey + material.salt)
          .digest("hex"),
      );
      assert.deepEqual(Object.keys(material.administratorsKeys), [ADMIN_ID]);

      // The creator reads it back through the full chain, as on a later run.
      const later = new KeyChain(masterKey);
      later.privateKey({ keys: user });
      assert.equal(later.vaultKey("v1", material.masterKeyEncrypted), material.vaultKey);
      // The administrator reads their copy with their own private key.
      assert.equal(
        rsaDecryptString(createPrivateKey(admin.privateKey), material.administratorsKeys[ADMIN_ID] ?? ""),
        material.vaultKey,
      );
    });

    it("wrapVaultKeyFor shares a vault key with another user", () => {
      const chain = new KeyChain(masterKey);
      const blob = chain.wrapVaultKeyFor(admin.publicKey, "vault-key-to-share");
      assert.equal(rsaDecryptString(createPrivateKey(admin.privateKey), blob), "vault-key-to-share");
      expectCryptoError(
        () => chain.wrapVaultKeyFor("not a pem", "vault-key-to-share"),
        ["vault-key-to-share"],
        ["bad-input"],
      );
    });
  });
});
