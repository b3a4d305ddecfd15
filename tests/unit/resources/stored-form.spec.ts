/**
 * What the state stores per resource (issue 20): no defaults and no member that is the id, and outputs
 * written by earlier versions (ids repeated, defaults expanded) still diff as unchanged against the new
 * compact inputs, so an existing stack's next `up` is a no-op.
 */
import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../../provider/resources/common";
import { checkFolder, provider as folderProvider } from "../../../provider/resources/folder";
import { checkRecord, type CheckContext } from "../../../provider/resources/record-inputs";
import { provider as recordProvider } from "../../../provider/resources/record";
import { checkVault, provider as vaultProvider } from "../../../provider/resources/vault";

const V = "0123456789abcdef01234567";
const F = "89abcdef0123456789abcdef";
const ctx = (): CheckContext => ({ fieldNamePolicy: "warn", warn: () => undefined });
const EXPANDED = { length: 32, lowercase: true, uppercase: true, digits: true, symbols: true };

describe("stored form: defaults and ids are not stored, old expanded state diffs as unchanged", () => {
  it("a record's check leaves out passwordMode managed and the generator's default members", () => {
    const { inputs, failures } = checkRecord(
      {
        name: "A",
        vaultId: V,
        passwordMode: "managed",
        generatePassword: { length: 32, symbols: false, digits: true },
      },
      ctx(),
    );
    assert.deepEqual(failures, []);
    assert.equal("passwordMode" in inputs, false);
    assert.deepEqual(inputs.generatePassword, { symbols: false });
    const seed = checkRecord({ name: "A", vaultId: V, passwordMode: "seed", password: "p" }, ctx()).inputs;
    assert.equal(seed.passwordMode, "seed", "a non-default mode is stored");
    const unknown = checkRecord(
      { name: "A", vaultId: V, generatePassword: { length: UNKNOWN } },
      ctx(),
    ).inputs;
    assert.deepEqual(unknown.generatePassword, { length: UNKNOWN }, "an unknown member is kept");
  });

  it("a record made before (recordId, passwordMode managed, expanded generator) has no change", async () => {
    const old = {
      recordId: F,
      name: "A",
      vaultId: V,
      tags: [],
      customFields: {},
      passwordMode: "managed",
      generatePassword: EXPANDED,
      password: "generated-before",
      path: "A",
      envVars: { A: "generated-before" },
    };
    const news = checkRecord({ name: "A", vaultId: V, generatePassword: {} }, ctx()).inputs;
    assert.deepEqual(await recordProvider.diff!(F, old, news), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const longer = checkRecord({ name: "A", vaultId: V, generatePassword: { length: 40 } }, ctx()).inputs;
    assert.equal((await recordProvider.diff!(F, old, longer)).changes, true, "a real generator change");
    const seed = checkRecord({ name: "A", vaultId: V, generatePassword: {}, passwordMode: "seed" }, ctx());
    assert.equal((await recordProvider.diff!(F, old, seed.inputs)).changes, true, "managed → seed");
    const preview = { ...news, passwordMode: UNKNOWN };
    assert.equal((await recordProvider.diff!(F, old, preview)).changes, true, "unknown at preview");
  });

  it("a vault or folder made before (vaultId / folderId repeated in the outputs) has no change", async () => {
    const vault = { vaultId: V, name: "ops", typeId: "t", forceDestroy: true };
    const vaultNews = checkVault({ name: "ops", forceDestroy: true }).inputs;
    assert.equal((await vaultProvider.diff!(V, vault, vaultNews)).changes, false);
    const folder = { folderId: F, name: "db", vaultId: V, path: "db" };
    const folderNews = checkFolder({ name: "db", vaultId: V }).inputs;
    assert.equal((await folderProvider.diff!(F, folder, folderNews)).changes, false);
  });
});
