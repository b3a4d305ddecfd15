import assert from "node:assert/strict";
import {
  KEY_ALPHABET,
  newItemKey,
  newVaultKey,
  newVaultSalt,
  randomString,
} from "../../../provider/client/crypto/random";

describe("crypto/random", () => {
  it("makes vault keys, item keys and salts of 100 / 100 / 32 characters from A-Za-z0-9@!", () => {
    for (const [value, length] of [
      [newVaultKey(), 100],
      [newItemKey(), 100],
      [newVaultSalt(), 32],
    ] as const) {
      assert.equal(value.length, length);
      assert.match(value, /^[A-Za-z0-9@!]+$/);
    }
    assert.equal(KEY_ALPHABET.length, 64);
    assert.notEqual(newVaultKey(), newVaultKey());
  });

  it("is roughly uniform over the alphabet, including a size that does not divide 256", () => {
    for (const alphabet of [KEY_ALPHABET, "abc"]) {
      const sample = randomString(30_000, alphabet);
      const counts = new Map<string, number>();
      for (const char of sample) counts.set(char, (counts.get(char) ?? 0) + 1);
      assert.equal(counts.size, alphabet.length);
      const expected = sample.length / alphabet.length;
      for (const [char, count] of counts)
        assert.ok(Math.abs(count - expected) < expected * 0.25, `${char}: ${count} vs ${expected}`);
    }
  });

  it("validates its arguments", () => {
    assert.equal(randomString(0), "");
    assert.throws(() => randomString(-1), RangeError);
    assert.throws(() => randomString(5, "a"), RangeError);
  });
});
