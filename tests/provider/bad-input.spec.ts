/**
 * Invalid inputs are rejected by `check` (through the real provider host), each failure names the
 * property and says what to do, and nothing reaches the server (the emulator's request log stays empty).
 */
import { strict as assert } from "node:assert";
import { grpcDriver, type Kind } from "./drivers";
import { startFixture, type ProviderFixture } from "./fixture";

const V = "0123456789abcdef01234567";
const R = "fedcba9876543210fedcba98";
const rec = (over: Record<string, unknown>) => ({ name: "DB_PASSWORD", vaultId: V, ...over });

/** [kind, description, inputs, property named, a word the reason must contain] */
const CASES: [Kind, string, Record<string, unknown>, string, RegExp][] = [
  ["vault", "missing name", {}, "name", /string/],
  ["vault", "empty name", { name: "   " }, "name", /must not be empty/],
  ["vault", "name is a number", { name: 42 }, "name", /must be a string/],
  ["vault", "control character in name", { name: "ops\u0007vault" }, "name", /control character U\+0007/],
  ["vault", "oversized name", { name: "v".repeat(300) }, "name", /maximum is 255/],
  ["vault", "unknown vault type", { name: "v", vaultType: "personal" }, "vaultType", /company/],
  ["vault", "unknown argument", { name: "v", nmae: "x" }, "nmae", /not a known argument/],
  [
    "vault",
    "forceDestroy not a boolean",
    { name: "v", forceDestroy: "yes" },
    "forceDestroy",
    /true or false/,
  ],
  ["folder", "missing vault", { name: "f" }, "vaultId", /vault/],
  ["folder", "vault id not an id", { name: "f", vaultId: "production" }, "vaultId", /24 lowercase hex/],
  [
    "folder",
    "parent is an object",
    { name: "f", vaultId: V, parentFolderId: { id: V } },
    "parentFolderId",
    /string/,
  ],
  ["folder", "newline in name", { name: "a\nb", vaultId: V }, "name", /control character/],
  ["record", "empty record name", rec({ name: "" }), "name", /must not be empty/],
  ["record", "tags not a list", rec({ tags: "prod" }), "tags", /list/],
  ["record", "tag not a string", rec({ tags: [1] }), "tags.0", /string/],
  ["record", "oversized tag", rec({ tags: ["t".repeat(65)] }), "tags.0", /64/],
  ["record", "tag outside the vocabulary", rec({ tags: ["prodution"] }), "tags", /did you mean "production"/],
  [
    "record",
    "password given and generated at once",
    rec({ password: "x", generatePassword: {} }),
    "password",
    /keep one/,
  ],
  [
    "record",
    "generated length too short",
    rec({ generatePassword: { length: 4 } }),
    "generatePassword.length",
    /at least 8/,
  ],
  [
    "record",
    "generated length too long",
    rec({ generatePassword: { length: 1000 } }),
    "generatePassword.length",
    /at most 256/,
  ],
  [
    "record",
    "generated length not whole",
    rec({ generatePassword: { length: 12.5 } }),
    "generatePassword.length",
    /whole/,
  ],
  [
    "record",
    "no character class",
    rec({ generatePassword: { lowercase: false, uppercase: false, digits: false, symbols: false } }),
    "generatePassword",
    /at least one/,
  ],
  [
    "record",
    "unknown generator option",
    rec({ generatePassword: { special: true } }),
    "generatePassword.special",
    /not a known argument/,
  ],
  [
    "record",
    "rotation without generator",
    rec({ password: "x", rotation: "2024" }),
    "rotation",
    /generatePassword/,
  ],
  ["record", "seed with nothing to seed", rec({ passwordMode: "seed" }), "passwordMode", /nothing to seed/],
  [
    "record",
    "unknown password mode",
    rec({ password: "x", passwordMode: "rotate" }),
    "passwordMode",
    /managed/,
  ],
  ["record", "oversized password", rec({ password: "p".repeat(70000) }), "password", /at most 65536/],
  ["record", "colour out of range", rec({ color: 99 }), "color", /0-32/],
  ["record", "colour as text", rec({ color: "red" }), "color", /number/],
  ["record", "control character in login", rec({ login: "ad\u0000min" }), "login", /control character/],
  ["record", "oversized url", rec({ url: "https://" + "x".repeat(5000) }), "url", /maximum is 4096/],
  [
    "record",
    "duplicate field names differing in case",
    rec({ customFields: { API_KEY: { value: "a" }, api_key: { value: "b" } } }),
    "customFields.api_key",
    /except for case/,
  ],
  [
    "record",
    "invalid TOTP seed (a 6-digit code)",
    rec({ customFields: { OTP: { value: "123456", type: "totp" } } }),
    "customFields.OTP.value",
    /base32/,
  ],
  [
    "record",
    "TOTP seed too short",
    rec({ customFields: { OTP: { value: "JBSWY3DP", type: "totp" } } }),
    "customFields.OTP.value",
    /too short/,
  ],
  [
    "record",
    "unknown field type",
    rec({ customFields: { NOTE: { value: "x", type: "email" } } }),
    "customFields.NOTE.type",
    /text, password, totp/,
  ],
  [
    "record",
    "field value not a string",
    rec({ customFields: { PORT: { value: 5432 } } }),
    "customFields.PORT.value",
    /string/,
  ],
  [
    "record",
    "empty field name",
    rec({ customFields: { " ": { value: "x" } } }),
    "customFields. ",
    /empty name/,
  ],
  [
    "record",
    "field name exec would mangle (policy fail)",
    rec({ customFields: { "db-user": { value: "x" } } }),
    "customFields.db-user",
    /db_user/,
  ],
  [
    "record",
    "unknown field property",
    rec({ customFields: { A: { value: "x", secret: true } } }),
    "customFields.A.secret",
    /not a known argument/,
  ],
  ["record", "folder id not an id", rec({ folderId: "databases" }), "folderId", /24 lowercase hex/],
  ["record-tag", "record id not an id", { recordId: "abc", tag: "prod" }, "recordId", /24 lowercase hex/],
  ["record-tag", "empty tag", { recordId: R, tag: " " }, "tag", /must not be empty/],
  [
    "record-tag",
    "tag outside the vocabulary",
    { recordId: R, tag: "stagign" },
    "tag",
    /did you mean "staging"/,
  ],
];

describe("bad input is rejected by check, before any request", function () {
  this.timeout(30_000);
  let fx: ProviderFixture;
  let driver: Awaited<ReturnType<typeof grpcDriver>>;
  before(async () => {
    fx = await startFixture();
    driver = await grpcDriver({
      "passwork:host": fx.emu.url,
      "passwork:accessToken": fx.emu.adminTokens.accessToken,
      "passwork:allowedTags": JSON.stringify(["production", "staging", "db"]),
      "passwork:fieldNamePolicy": "fail",
    });
    await fx.clearRequests();
  });
  after(async () => {
    await driver?.close();
    await fx?.close();
  });

  it(`has at least 30 cases (${CASES.length})`, () => assert.ok(CASES.length >= 30));

  for (const [kind, description, inputs, property, reason] of CASES) {
    it(`${kind}: ${description}`, async () => {
      const { failures } = await driver.check(kind, {}, inputs);
      const hit = failures.find((f) => f.property === property);
      assert.ok(hit, `no failure on ${property}; got ${JSON.stringify(failures)}`);
      assert.match(hit.reason, reason);
    });
  }

  it("valid inputs pass, so the table is not passing by accident", async () => {
    assert.deepEqual(
      (
        await driver.check(
          "record",
          {},
          rec({ tags: ["production"], customFields: { OTP: { value: "JBSWY3DPEHPK3PXP", type: "totp" } } }),
        )
      ).failures,
      [],
    );
    assert.deepEqual((await driver.check("vault", {}, { name: "ok", vaultType: "company" })).failures, []);
  });

  it("sent no request to the server", async () => {
    assert.deepEqual(await fx.apiRequests(), []);
  });
});
