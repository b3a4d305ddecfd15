/**
 * Passwork's base32 (the `base32` npm package the web client uses): 5-bit groups, most significant
 * bit first, alphabet without i/l/o/s, lowercase, no padding. Decoding folds the look-alike letters
 * (o→0, i→1, l→1, s→5), is case-insensitive, and skips characters outside the alphabet.
 */
const ALPHABET = "0123456789abcdefghjkmnpqrtuvwxyz";
const ALIASES: Record<string, string> = { o: "0", i: "1", l: "1", s: "5" };

const DECODE_TABLE: ReadonlyMap<string, number> = (() => {
  const table = new Map<string, number>();
  for (let i = 0; i < ALPHABET.length; i++) table.set(ALPHABET.charAt(i), i);
  for (const [alias, target] of Object.entries(ALIASES)) table.set(alias, ALPHABET.indexOf(target));
  return table;
})();

/** 5-bit groups of `bytes`, most significant bit first, in `alphabet`; the last group zero-padded. */
function encode(bytes: Uint8Array, alphabet: string): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += alphabet.charAt((buffer >>> bits) & 31);
    }
    buffer &= (1 << bits) - 1;
  }
  // The last partial group is padded with zero bits on the right.
  if (bits > 0) out += alphabet.charAt((buffer << (5 - bits)) & 31);
  return out;
}

export function base32Encode(bytes: Uint8Array): string {
  return encode(bytes, ALPHABET);
}

/** RFC 4648 base32 (A–Z, 2–7) without padding: the text of a TOTP seed. */
export function base32Rfc4648(bytes: Uint8Array): string {
  return encode(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
}

export function base32Decode(text: string): Buffer {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text.toLowerCase()) {
    const value = DECODE_TABLE.get(char);
    if (value === undefined) continue;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >>> bits) & 0xff);
      buffer &= (1 << bits) - 1;
    }
  }
  // Fewer than 8 leftover bits are the encoder's zero padding.
  return Buffer.from(out);
}
