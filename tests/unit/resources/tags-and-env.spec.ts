import { strict as assert } from "node:assert";
import { buildEnvMap, sanitizeEnvName } from "../../../provider/env-vars";
import { canonicalTags, closestTag, vocabularyProblem } from "../../../provider/resources/tags";
import { generatePassword } from "../../../provider/resources/password-generator";

describe("tags", () => {
  it("are a sorted, trimmed, deduplicated set", () => {
    assert.deepEqual(canonicalTags(["prod", " db", "prod", "", "api "]), ["api", "db", "prod"]);
  });
  it("outside the vocabulary name the closest allowed tag", () => {
    assert.equal(closestTag("prodution", ["staging", "production", "dev"]), "production");
    const reason = vocabularyProblem("prodution", ["production", "staging"]);
    assert.match(reason!, /"prodution".*did you mean "production"\?/);
    assert.equal(vocabularyProblem("staging", ["production", "staging"]), undefined);
    assert.equal(vocabularyProblem("anything", undefined), undefined);
  });
});

describe("passwork-cli exec env map", () => {
  it("sanitizes like the CLI: non-alphanumerics to _, P_ prefix when not starting with a letter, case kept", () => {
    assert.equal(sanitizeEnvName("db-password"), "db_password");
    assert.equal(sanitizeEnvName("Api Key.v2"), "Api_Key_v2");
    assert.equal(sanitizeEnvName("1password"), "P_1password");
    assert.equal(sanitizeEnvName("_x"), "P__x");
    assert.equal(sanitizeEnvName("пароль"), "P_______");
  });

  it("exports passwords (an encrypted empty one too) and text/password fields, skips totp and records without a password", () => {
    const { env } = buildEnvMap([
      {
        name: "DB",
        password: "p1",
        customs: [
          { name: "DB_USER", type: "text", value: "u" },
          { name: "OTP", type: "totp", value: "JBSWY3DPEHPK3PXP" },
        ],
      },
      { name: "NOPASS", password: null, customs: [{ name: "TOKEN", type: "password", value: "t" }] },
      { name: "EMPTY", password: "", customs: [] },
    ]);
    // password "" only comes from an encrypted empty string, which exec exports (issue 14).
    assert.deepEqual(env, { DB: "p1", DB_USER: "u", TOKEN: "t", EMPTY: "" });
  });

  it("later names overwrite earlier ones; records and fields share one namespace", () => {
    const r = buildEnvMap([
      { name: "A", password: "1", customs: [{ name: "B", type: "text", value: "2" }] },
      { name: "B", password: "3", customs: [{ name: "a", type: "text", value: "4" }] },
    ]);
    assert.deepEqual(r.env, { A: "1", B: "3", a: "4" });
    assert.equal(r.warnings.length, 1);
    assert.ok(!r.warnings[0]!.includes("3"), "warnings carry no values");
  });

  it("skips empty names with a warning and uses PASSWORD when the record has no name", () => {
    const r = buildEnvMap([{ password: "x", customs: [{ name: "", type: "text", value: "v" }] }]);
    assert.deepEqual(r.env, { PASSWORD: "x" });
    assert.match(r.warnings[0]!, /empty name/);
  });
});

describe("password generator", () => {
  it("honours length and classes and is random", () => {
    const a = generatePassword({ length: 40, lowercase: true, uppercase: true, digits: true, symbols: true });
    const b = generatePassword({ length: 40, lowercase: true, uppercase: true, digits: true, symbols: true });
    assert.equal(a.length, 40);
    assert.notEqual(a, b);
    for (const re of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) assert.match(a, re);
    const digits = generatePassword({
      length: 8,
      lowercase: false,
      uppercase: false,
      digits: true,
      symbols: false,
    });
    assert.match(digits, /^[0-9]{8}$/);
  });
  it("refuses no classes or a bad length", () => {
    assert.throws(() =>
      generatePassword({ length: 8, lowercase: false, uppercase: false, digits: false, symbols: false }),
    );
    assert.throws(() =>
      generatePassword({ length: 7, lowercase: true, uppercase: false, digits: false, symbols: false }),
    );
  });
});
