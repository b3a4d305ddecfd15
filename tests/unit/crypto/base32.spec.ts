import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { base32Decode, base32Encode, base32Rfc4648 } from "../../../provider/client/crypto/base32";

describe("crypto/base32 (Passwork alphabet)", () => {
  it('encodes base64("Salted__") to the prefix every Passwork ciphertext carries', () => {
    assert.equal(base32Encode(Buffer.from("U2FsdGVkX1", "ascii")), "amt4cwv48xb6pp1h");
  });

  it("uses only the 32 lowercase symbols and no padding", () => {
    const text = base32Encode(randomBytes(257));
    assert.match(text, /^[0-9abcdefghjkmnpqrtuvwxyz]+$/);
    assert.equal(text.length, Math.ceil((257 * 8) / 5));
  });

  it("round-trips every length from 0 to 40 bytes", () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = randomBytes(length);
      assert.deepEqual(base32Decode(base32Encode(bytes)), bytes, `length ${length}`);
    }
  });

  it("decodes the look-alike aliases o→0, i/l→1, s→5, any case, and skips unknown characters", () => {
    const bytes = Buffer.from("aliases 0 1 5 and more bytes \u00ff\u0001", "latin1");
    const canonical = base32Encode(bytes);
    assert.match(canonical, /[015]/, "the sample must contain the aliased digits");
    let i = 0;
    const noisy = canonical
      .replace(/0/g, "o")
      .replace(/1/g, () => (i++ % 2 === 0 ? "i" : "L"))
      .replace(/5/g, "S")
      .toUpperCase()
      .replace(/(.{4})/g, "$1-");
    assert.notEqual(noisy.toLowerCase(), canonical);
    assert.deepEqual(base32Decode(` ${noisy}\n=`), bytes);
  });
});

describe("crypto/base32 (RFC 4648 alphabet, the fingerprint key's TOTP text)", () => {
  it("gives the RFC 4648 test vectors without padding", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "MY"],
      ["fo", "MZXQ"],
      ["foo", "MZXW6"],
      ["foob", "MZXW6YQ"],
      ["fooba", "MZXW6YTB"],
      ["foobar", "MZXW6YTBOI"],
    ];
    for (const [plain, encoded] of vectors) assert.equal(base32Rfc4648(Buffer.from(plain)), encoded, plain);
  });
});
