/**
 * The attachment format against real Passwork data (the vendor fixtures' attachment entries) and the
 * official client's rules: keys, data layers, and the Latin-1 → UTF-8 hash.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { attachmentHash, decodeAttachment, encodeAttachment } from "../../../provider/client/attachments";
import { decryptString } from "../../../provider/client/crypto/aes";
import { KeyChain } from "../../../provider/client/crypto/keychain";
import { KEY_ALPHABET } from "../../../provider/client/crypto/random";
import { VENDOR_SETS, readVendorItem, readVendorUserKeys } from "./vendor-data";

const BYTES = Buffer.from([0x00, 0x41, 0x7f, 0x80, 0xc3, 0xa9, 0xff, 0x0a]);

describe("attachments: Passwork's format", () => {
  it("hash: sha256 of the bytes as Latin-1 code points written as UTF-8 (not of the raw bytes)", () => {
    const expected = createHash("sha256")
      .update(Buffer.from("\u0000A\u007f\u0080\u00c3\u00a9\u00ff\n", "utf8"))
      .digest("hex");
    assert.equal(attachmentHash(BYTES), expected);
    assert.notEqual(attachmentHash(BYTES), createHash("sha256").update(BYTES).digest("hex"));
    assert.equal(
      attachmentHash(Buffer.from("plain ascii")),
      createHash("sha256").update("plain ascii").digest("hex"),
      "ASCII bytes hash as themselves",
    );
  });

  it("encryption off: the vendor's fixed key (same bytes as a real server's item) and base64(base64(bytes))", () => {
    const real = readVendorItem("v0.2.0/item_response.json").attachments![0]!;
    const up = encodeAttachment("f.bin", BYTES, null);
    assert.equal(up.encryptedKey, real.encryptedKey, "the key a real Passwork item carries");
    assert.equal(Buffer.from(Buffer.from(up.encryptedData, "base64").toString(), "base64").compare(BYTES), 0);
    assert.deepEqual(
      decodeAttachment(
        {
          id: "0".repeat(24),
          name: "f.bin",
          encryptedKey: up.encryptedKey,
          encryptedData: up.encryptedData,
          hash: up.hash,
        },
        null,
      ),
      BYTES,
    );
  });

  it("client-side encryption: a real attachment key unwraps with the item key to 100 key-alphabet characters, like ours", () => {
    const vendor = VENDOR_SETS[1]!;
    const item = readVendorItem(vendor.itemFile);
    const chain = new KeyChain(vendor.masterKey);
    chain.privateKey(readVendorUserKeys(vendor.userKeysFile));
    const itemKey = decryptString(
      item.keyEncrypted!,
      chain.vaultKey(item.vaultId, item.vaultMasterKeyEncrypted!),
    );
    const realKey = decryptString(item.attachments![0]!.encryptedKey, itemKey, "vendor attachment key");
    const ours = decryptString(encodeAttachment("f.bin", BYTES, itemKey).encryptedKey, itemKey);
    for (const key of [realKey, ours]) {
      assert.equal(key.length, 100);
      assert.ok([...key].every((ch) => KEY_ALPHABET.includes(ch)));
    }
    const up = encodeAttachment("f.bin", BYTES, itemKey);
    assert.ok(up.encryptedData.startsWith("amt4cwv48xb6pp1h"), "Passwork AES");
    assert.equal(
      decryptString(up.encryptedData, decryptString(up.encryptedKey, itemKey)),
      BYTES.toString("base64"),
      "AES of base64(bytes) under the attachment key",
    );
    const back = decodeAttachment({ id: "0".repeat(24), ...up }, itemKey);
    assert.deepEqual(back, BYTES);
    assert.throws(
      () => decodeAttachment({ id: "0".repeat(24), ...up, hash: "0".repeat(64) }, itemKey),
      /does not match its hash/,
    );
  });
});
