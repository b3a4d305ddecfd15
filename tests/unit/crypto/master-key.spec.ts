import assert from "node:assert/strict";
import {
  deriveMasterKey,
  masterKeyHash,
  parseMasterKeyOptions,
} from "../../../provider/client/crypto/master-key";
import { expectCryptoError, expectCryptoErrorAsync } from "./assert-secret-free";

describe("crypto/master-key", () => {
  it("derives PBKDF2-HMAC-SHA256 as base64 (RFC 7914 §11 vector: passwd / salt / 1 / 64)", async () => {
    const expected = Buffer.from(
      "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
      "hex",
    ).toString("base64");
    assert.equal(await deriveMasterKey("passwd", "pbkdf:sha256:1:64:salt"), expected);
  });

  it("uses the salt string as UTF-8 and honours iterations and length", async () => {
    const a = await deriveMasterKey("pw", "pbkdf:sha256:1000:64:Ab3@!xyzXYZ0123456789");
    const b = await deriveMasterKey("pw", "pbkdf:sha256:1001:64:Ab3@!xyzXYZ0123456789");
    assert.equal(Buffer.from(a, "base64").length, 64);
    assert.equal(a.length, 88, "a 64-byte key is 88 base64 characters, like PASSWORK_MASTER_KEY");
    assert.notEqual(a, b);
    assert.equal(Buffer.from(await deriveMasterKey("pw", "pbkdf:sha256:1000:32:s"), "base64").length, 32);
  });

  it("masterKeyHash is the sha256 hex of the key string", () => {
    assert.equal(masterKeyHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("parses the options string", () => {
    assert.deepEqual(parseMasterKeyOptions("pbkdf:sha256:300000:64:Ab3@!"), {
      digest: "sha256",
      iterations: 300000,
      bytes: 64,
      salt: "Ab3@!",
    });
  });

  const malformed: [string, RegExp][] = [
    ["", /needs 5/],
    ["pbkdf:sha256:300000:64", /needs 5/],
    ["argon2:sha256:300000:64:salt", /scheme must be "pbkdf"/],
    ["pbkdf:sha1:300000:64:salt", /digest must be "sha256"/],
    ["pbkdf:sha256:abc:64:salt", /iterations must be a positive integer/],
    ["pbkdf:sha256:0:64:salt", /iterations must be between/],
    ["pbkdf:sha256:-5:64:salt", /iterations must be a positive integer/],
    ["pbkdf:sha256:300000:1.5:salt", /bytes must be a positive integer/],
    ["pbkdf:sha256:300000:64:", /salt must not be empty/],
  ];
  for (const [options, reason] of malformed) {
    it(`rejects malformed options ${JSON.stringify(options)} clearly, without the password`, async () => {
      const error = await expectCryptoErrorAsync(
        () => deriveMasterKey("my-master-password-91", options),
        ["my-master-password-91"],
      );
      assert.match(error.message, /^masterKeyOptions: /);
      assert.match(error.message, reason);
      assert.match(error.message, /expected "pbkdf:sha256:<iterations>:<bytes>:<salt>"/);
    });
  }

  it("rejects an empty master password", async () => {
    await expectCryptoErrorAsync(() => deriveMasterKey("", "pbkdf:sha256:1:64:salt"), []);
    expectCryptoError(() => parseMasterKeyOptions(42 as unknown as string), []);
  });
});
