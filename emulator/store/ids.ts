import { randomBytes } from "node:crypto";

/** MongoDB-style ObjectId: 4-byte unix time, 5 random bytes per process, 3-byte counter (24 hex). */
const processRandom = randomBytes(5).toString("hex");
let counter = randomBytes(3).readUIntBE(0, 3);

export function newObjectId(): string {
  counter = (counter + 1) % 0xffffff;
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, "0");
  return time + processRandom + counter.toString(16).padStart(6, "0");
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
