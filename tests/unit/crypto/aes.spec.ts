import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import {
  decryptString,
  encryptString,
  evpBytesToKey,
  isPassworkCiphertext,
} from "../../../provider/client/crypto/aes";
import { base32Decode, base32Encode } from "../../../provider/client/crypto/base32";
import { expectCryptoError } from "./assert-secret-free";

const KEY = "vault-key-Zx81@!aQ";
const SECRET = "s3cr3t-plaintext-Yk2";

/** Wraps a raw OpenSSL blob the way Passwork does: base64 text, then base32. */
const wrap = (blob: Buffer): string => base32Encode(Buffer.from(blob.toString("base64"), "ascii"));
const unwrap = (cipher: string): Buffer => Buffer.from(base32Decode(cipher).toString("ascii"), "base64");

describe("crypto/aes (OpenSSL passphrase mode + Passwork base32)", () => {
  it("decrypts a known answer made by the OpenSSL CLI", () => {
    // printf 'Passwork AES known answer' | openssl enc -aes-256-cbc -md md5 -S 0102030405060708 -pass pass:vault-key-✓ -base64 -A
    const body = Buffer.from("W1VS/vJfoIYVzAroDk3GCwokIYS3then2rN3QSXjc8w=", "base64");
    const blob = Buffer.concat([Buffer.from("Salted__"), Buffer.from("0102030405060708", "hex"), body]);
    assert.equal(decryptString(wrap(blob), "vault-key-✓"), "Passwork AES known answer");
  });

  for (const [label, plain] of [
    ["unicode", "пароль 🔑 密码 — ünïcödé"],
    ["empty", ""],
    ["long", "x".repeat(10_000)],
    ["one block exactly", "0123456789abcdef"],
  ] as const) {
    it(`round-trips ${label} text`, () => {
      const cipher = encryptString(plain, KEY);
      assert.ok(isPassworkCiphertext(cipher));
      assert.equal(decryptString(cipher, KEY), plain);
    });
  }

  it("round-trips with a unicode passphrase, and each encryption uses a fresh salt", () => {
    const a = encryptString(SECRET, "ключ✓");
    const b = encryptString(SECRET, "ключ✓");
    assert.notEqual(a, b);
    assert.equal(decryptString(a, "ключ✓"), SECRET);
    assert.equal(decryptString(b, "ключ✓"), SECRET);
  });

  it("tells Passwork ciphertext from base64", () => {
    assert.equal(isPassworkCiphertext(encryptString("x", KEY)), true);
    assert.equal(isPassworkCiphertext(Buffer.from("x").toString("base64")), false);
    assert.equal(isPassworkCiphertext(null), false);
  });

  it("a wrong key is a clear CryptoError without key or plaintext", () => {
    const cipher = encryptString(SECRET, KEY);
    const error = expectCryptoError(
      () => decryptString(cipher, "another-key-77", "item password"),
      [SECRET, KEY, "another-key-77"],
      ["decrypt-failed"],
    );
    assert.match(error.message, /item password could not be decrypted: wrong key/);
  });

  it("wrong keys never yield text: 200 tries all fail with CryptoError", () => {
    const cipher = encryptString(SECRET, KEY);
    for (let i = 0; i < 200; i++)
      expectCryptoError(() => decryptString(cipher, `wrong-${i}`), [SECRET, KEY], ["decrypt-failed"]);
  });

  it("truncated ciphertext is reported as damaged, at every cut point", () => {
    const cipher = encryptString(SECRET, KEY);
    for (let cut = 16; cut < cipher.length; cut += 3) {
      const error = expectCryptoError(
        () => decryptString(cipher.slice(0, cut), KEY),
        [SECRET, KEY],
        ["decrypt-failed"],
      );
      assert.match(error.message, /damaged|could not be decrypted/);
    }
  });

  it("bad PKCS#7 padding (right key) is a clear error", () => {
    const salt = Buffer.from("a1b2c3d4e5f60718", "hex");
    const { key, iv } = evpBytesToKey(Buffer.from(KEY), salt);
    const cipher = createCipheriv("aes-256-cbc", key, iv).setAutoPadding(false);
    const block = Buffer.concat([Buffer.from(SECRET.slice(0, 15)), Buffer.from([0x00])]); // pad byte 0 is invalid
    const body = Buffer.concat([cipher.update(block), cipher.final()]);
    const text = wrap(Buffer.concat([Buffer.from("Salted__"), salt, body]));
    const error = expectCryptoError(
      () => decryptString(text, KEY),
      [SECRET.slice(0, 15), KEY],
      ["decrypt-failed"],
    );
    assert.match(error.message, /bad padding/);
  });

  it("a flipped byte in the last block is an error, not garbage", () => {
    const blob = unwrap(encryptString(SECRET, KEY));
    blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 0x5a;
    expectCryptoError(() => decryptString(wrap(blob), KEY), [SECRET, KEY], ["decrypt-failed"]);
  });

  it("rejects non-ciphertext and empty passphrases with bad-input", () => {
    expectCryptoError(() => decryptString("bm90IGVuY3J5cHRlZA==", KEY), [KEY], ["bad-input"]);
    expectCryptoError(() => decryptString(encryptString(SECRET, KEY), ""), [SECRET], ["bad-input"]);
    expectCryptoError(() => encryptString(SECRET, ""), [SECRET], ["bad-input"]);
  });
});
