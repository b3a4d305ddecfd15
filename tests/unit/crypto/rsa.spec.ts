import assert from "node:assert/strict";
import { constants, generateKeyPairSync, publicEncrypt, type KeyObject } from "node:crypto";
import {
  generateRsaKeyPair,
  loadPrivateKey,
  rsaDecryptPkcs1v15,
  rsaDecryptString,
  rsaEncryptString,
} from "../../../provider/client/crypto/rsa";
import { expectCryptoError } from "./assert-secret-free";

const VAULT_KEY = "Vk".repeat(50); // 100 characters, like a real vault key

function keyPair(bits: number): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync("rsa", { modulusLength: bits });
}

/** Raw RSA (no padding) of a hand-made block, to test our unpadding on malformed blocks. */
function rawEncrypt(publicKey: KeyObject, block: Buffer): Buffer {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, block);
}

describe("crypto/rsa", () => {
  const k1024 = keyPair(1024);
  const k2048 = keyPair(2048);

  it("wraps with OAEP-SHA256 and unwraps to the same vault key", () => {
    const blob = rsaEncryptString(k2048.publicKey, VAULT_KEY);
    assert.equal(rsaDecryptString(k2048.privateKey, blob), VAULT_KEY);
  });

  for (const [bits, pair] of [
    [1024, k1024],
    [2048, k2048],
  ] as const) {
    it(`decrypts PKCS#1 v1.5 made by Node's publicEncrypt (${bits} bit), message lengths 0..max`, () => {
      const max = bits / 8 - 11;
      for (const length of [0, 1, 32, 100, max]) {
        const message = Buffer.alloc(length, 0x41 + (length % 26));
        const cipher = publicEncrypt({ key: pair.publicKey, padding: constants.RSA_PKCS1_PADDING }, message);
        assert.deepEqual(rsaDecryptPkcs1v15(pair.privateKey, cipher), message, `length ${length}`);
      }
      const blob = publicEncrypt(
        { key: pair.publicKey, padding: constants.RSA_PKCS1_PADDING },
        Buffer.from(VAULT_KEY),
      ).toString("base64");
      assert.equal(rsaDecryptString(pair.privateKey, blob), VAULT_KEY, "OAEP is tried first, then v1.5");
    });
  }

  it("rejects malformed type-2 blocks with one message", () => {
    const k = 128;
    const block = (header: number[], psLength: number, withSeparator: boolean): Buffer => {
      const out = Buffer.alloc(k, 0x11);
      Buffer.from(header).copy(out, 0);
      if (withSeparator) out[header.length + psLength] = 0x00;
      return out;
    };
    const cases: [string, Buffer][] = [
      ["block type 1", block([0x00, 0x01], 10, true)],
      ["padding string of 7 bytes", block([0x00, 0x02], 7, true)],
      ["no zero separator", block([0x00, 0x02], 0, false)],
      [
        "leading byte not zero",
        Buffer.concat([Buffer.from([0x01, 0x02]), Buffer.alloc(k - 2, 0x11)]).fill(0, 20, 21),
      ],
    ];
    const messages = new Set<string>();
    for (const [label, b] of cases) {
      // Every block is below the modulus (its top bit is set, the blocks start 0x00 or 0x01), so raw RSA takes it.
      const error = expectCryptoError(
        () => rsaDecryptPkcs1v15(k1024.privateKey, rawEncrypt(k1024.publicKey, b)),
        [],
        ["decrypt-failed"],
      );
      messages.add(error.message);
      assert.ok(error.message.length > 0, label);
    }
    assert.equal(messages.size, 1, "every padding failure reads the same");
  });

  it("rejects a ciphertext of the wrong length or not below the modulus", () => {
    expectCryptoError(
      () => rsaDecryptPkcs1v15(k1024.privateKey, Buffer.alloc(64, 1)),
      [],
      ["decrypt-failed"],
    );
    expectCryptoError(
      () => rsaDecryptPkcs1v15(k1024.privateKey, Buffer.alloc(128, 0xff)),
      [],
      ["decrypt-failed"],
    );
  });

  it("wraps with PKCS#1 v1.5 when the key is too small for OAEP-SHA256 (1024 bit holds 62 bytes)", () => {
    const short = "k".repeat(62);
    const oaep = Buffer.from(rsaEncryptString(k1024.publicKey, short), "base64");
    assert.throws(() => rsaDecryptPkcs1v15(k1024.privateKey, oaep), "62 bytes still go by OAEP");
    const blob = Buffer.from(rsaEncryptString(k1024.publicKey, VAULT_KEY), "base64");
    assert.equal(rsaDecryptPkcs1v15(k1024.privateKey, blob).toString("utf8"), VAULT_KEY);
    expectCryptoError(() => rsaEncryptString(k1024.publicKey, "x".repeat(118)), [], ["bad-input"]);
  });

  it("a blob wrapped for another key is a clear error that shows no key material", () => {
    const blob = rsaEncryptString(k2048.publicKey, VAULT_KEY);
    const error = expectCryptoError(
      () => rsaDecryptString(k1024.privateKey, blob, "the key of vault 1"),
      [VAULT_KEY],
      ["decrypt-failed", "unsupported-data"],
    );
    assert.match(error.message, /the key of vault 1/);
    expectCryptoError(() => rsaDecryptString(k2048.privateKey, "not base64!"), [], ["bad-input"]);
  });

  it("generates 2048-bit key pairs as SPKI / PKCS#8 PEM that work together", async () => {
    const { publicKey, privateKey } = await generateRsaKeyPair();
    assert.match(publicKey, /^-----BEGIN PUBLIC KEY-----/);
    assert.match(privateKey, /^-----BEGIN PRIVATE KEY-----/);
    const key = loadPrivateKey(privateKey);
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(rsaDecryptString(key, rsaEncryptString(publicKey, VAULT_KEY)), VAULT_KEY);
    expectCryptoError(
      () => loadPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
      [],
      ["bad-input"],
    );
  });

  it("measures PKCS#1 v1.5 decryption time (1024 and 2048 bit)", function () {
    this.timeout(20_000);
    for (const [bits, pair] of [
      [1024, k1024],
      [2048, k2048],
    ] as const) {
      const cipher = publicEncrypt(
        { key: pair.publicKey, padding: constants.RSA_PKCS1_PADDING },
        Buffer.from(VAULT_KEY),
      );
      rsaDecryptPkcs1v15(pair.privateKey, cipher); // warm-up (JWK export is cached per key)
      const runs = 20;
      const start = process.hrtime.bigint();
      for (let i = 0; i < runs; i++) rsaDecryptPkcs1v15(pair.privateKey, cipher);
      const ms = Number(process.hrtime.bigint() - start) / 1e6 / runs;
      console.log(`      PKCS#1 v1.5 decrypt, ${bits} bit: ${ms.toFixed(2)} ms per call`);
      assert.ok(ms < 500, `${bits}-bit decrypt took ${ms} ms`);
    }
  });
});
