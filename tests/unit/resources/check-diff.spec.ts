import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../../provider/resources/common";
import { checkFolder, provider as folderProvider } from "../../../provider/resources/folder";
import { checkRecord, generatorOf, type CheckContext } from "../../../provider/resources/record-inputs";
import { provider as recordProvider } from "../../../provider/resources/record";
import { checkRecordTag } from "../../../provider/resources/record-tag";
import { checkVault, provider as vaultProvider } from "../../../provider/resources/vault";

const V = "0123456789abcdef01234567";
const F = "89abcdef0123456789abcdef";
const ctx = (over: Partial<CheckContext> = {}): CheckContext & { warnings: string[] } => {
  const warnings: string[] = [];
  return { fieldNamePolicy: "warn", warn: (m) => warnings.push(m), warnings, ...over };
};

describe("check canonicalizes", () => {
  it("trims names, drops empty optionals, sorts tags, keys custom fields by trimmed name", () => {
    const { inputs, failures } = checkRecord(
      {
        name: "  DB_PASSWORD ",
        vaultId: V,
        folderId: "",
        login: "  ",
        tags: ["prod", "db", "prod"],
        customFields: { " DB_USER ": { value: "app" }, OTP: { value: "jbsw y3dp ehpk 3pxp", type: "totp" } },
        __provider: "x",
      },
      ctx(),
    );
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, {
      name: "DB_PASSWORD",
      vaultId: V,
      tags: ["db", "prod"],
      // passwordMode "managed" is the default and is left out (it is stored in every record's state)
      customFields: {
        DB_USER: { type: "text", value: "app" },
        OTP: { type: "totp", value: "JBSWY3DPEHPK3PXP" },
      },
    });
  });

  it("stores the generator without its defaults, fills them when used, generates nothing", () => {
    const { inputs } = checkRecord({ name: "x", vaultId: V, generatePassword: { length: 12 } }, ctx());
    assert.deepEqual(inputs.generatePassword, { length: 12 });
    assert.deepEqual(generatorOf(inputs.generatePassword as { length: number }), {
      length: 12,
      lowercase: true,
      uppercase: true,
      digits: true,
      symbols: true,
    });
    assert.equal(inputs.password, undefined);
  });

  it("tolerates the unknown sentinel anywhere during preview", () => {
    const r = checkRecord(
      {
        name: UNKNOWN,
        vaultId: UNKNOWN,
        folderId: UNKNOWN,
        tags: UNKNOWN,
        password: UNKNOWN,
        customFields: { A: { value: UNKNOWN, type: "totp" } },
      },
      ctx({ allowedTags: ["prod"] }),
    );
    assert.deepEqual(r.failures, []);
    assert.equal(r.inputs.vaultId, UNKNOWN);
    assert.deepEqual(
      checkRecord({ name: "x", vaultId: V, tags: ["prod", UNKNOWN] }, ctx({ allowedTags: ["prod"] }))
        .failures,
      [],
    );
    assert.deepEqual(checkRecord({ name: "x", vaultId: V, customFields: UNKNOWN }, ctx()).failures, []);
    assert.deepEqual(checkFolder({ name: "f", vaultId: UNKNOWN, parentFolderId: UNKNOWN }).failures, []);
    assert.deepEqual(checkVault({ name: UNKNOWN }).failures, []);
    assert.deepEqual(checkRecordTag({ recordId: UNKNOWN, tag: UNKNOWN }, ["a"]).failures, []);
  });

  it("warns (policy warn) or fails (policy fail) on field names exec would mangle, naming the variable", () => {
    const c = ctx();
    assert.deepEqual(
      checkRecord({ name: "x", vaultId: V, customFields: { "db-user": { value: "u" } } }, c).failures,
      [],
    );
    assert.match(c.warnings[0]!, /db_user/);
    const f = checkRecord(
      { name: "x", vaultId: V, customFields: { "1key": { value: "u" } } },
      ctx({ fieldNamePolicy: "fail" }),
    ).failures;
    assert.equal(f[0]!.property, "customFields.1key");
    assert.match(f[0]!.reason, /P_1key/);
  });
});

describe("diff", () => {
  const folderOuts = { folderId: F, name: "db", vaultId: V, path: "db", __provider: "old text" };
  it("a changed __provider alone is no change", async () => {
    const d = await folderProvider.diff!(F, folderOuts, { name: "db", vaultId: V, __provider: "new text" });
    assert.equal(d.changes, false);
  });
  it("folder: vaultId replaces, name and parent update in place", async () => {
    const W = "fedcba9876543210fedcba98";
    assert.deepEqual(await folderProvider.diff!(F, folderOuts, { name: "db", vaultId: W }), {
      changes: true,
      replaces: ["vaultId"],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(
      await folderProvider.diff!(F, folderOuts, { name: "db2", vaultId: V, parentFolderId: W }),
      { changes: true, replaces: [], deleteBeforeReplace: false },
    );
  });
  it("vault: name updates, vaultType replaces, unknown name is a change", async () => {
    const outs = { vaultId: V, name: "a", typeId: "t" };
    assert.deepEqual((await vaultProvider.diff!(V, outs, { name: "b" })).replaces, []);
    assert.equal((await vaultProvider.diff!(V, outs, { name: UNKNOWN })).changes, true);
    assert.deepEqual((await vaultProvider.diff!(V, outs, { name: "a", vaultType: "company" })).replaces, [
      "vaultType",
    ]);
  });
  it("record: vaultId replaces; a given password is compared, a seed or generated one is not", async () => {
    const base = {
      recordId: F,
      name: "r",
      vaultId: V,
      tags: [],
      customFields: {},
      passwordMode: "managed",
      password: "old",
      path: "r",
      envVars: {},
    };
    const news = { name: "r", vaultId: V, tags: [], customFields: {}, passwordMode: "managed" };
    assert.equal((await recordProvider.diff!(F, base, { ...news, password: "old" })).changes, false);
    assert.equal((await recordProvider.diff!(F, base, { ...news, password: "new" })).changes, true);
    assert.deepEqual(
      (await recordProvider.diff!(F, base, { ...news, password: "old", vaultId: F })).replaces,
      ["vaultId"],
    );
    const seeded = { ...base, passwordMode: "seed" };
    assert.equal(
      (await recordProvider.diff!(F, seeded, { ...news, passwordMode: "seed", password: "other" })).changes,
      false,
    );
    const gen = {
      ...base,
      generatePassword: { length: 32, lowercase: true, uppercase: true, digits: true, symbols: true },
      rotation: "1",
    };
    const genNews = { ...news, generatePassword: gen.generatePassword, rotation: "1" };
    assert.equal((await recordProvider.diff!(F, gen, genNews)).changes, false);
    assert.equal((await recordProvider.diff!(F, gen, { ...genNews, rotation: "2" })).changes, true);
  });
});
