/**
 * `secretsInState: "none"` at the provider level (docs/secrets-in-state.md): check refuses inline
 * secrets, references are resolved in the provider process, outputs hold fingerprints and never a
 * value, drift is found by keyed fingerprint and restored by update, a mode switch writes nothing
 * to the records, and a no-change diff sends no request.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { items } from "../../provider/client";
import { providerContext } from "../../provider/config";
import { buildEnvMap } from "../../provider/env-vars";
import { lookupSecrets } from "../../sdk/reads/objects";
import { FINGERPRINT_KEY_RECORD } from "../../provider/resources/fingerprint";
import { provider as recordProvider } from "../../provider/resources/record";
import { provider as vaultProvider } from "../../provider/resources/vault";
import { startFixture, type ProviderFixture } from "./fixture";

const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);

/** The console.warn messages `run` produces (what a user sees of the provider's warnings). */
async function captureWarnings(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(" "));
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return seen;
}

describe("secretsInState none (provider level)", function () {
  this.timeout(30_000);
  let fx: ProviderFixture;
  let vaultId: string;
  const envName = "PW_TEST_DB_ROOT_PASS";
  const envValue = `root-${Math.random().toString(36).slice(2)}`;
  let tmp: string;

  const check = async (news: Record<string, unknown>) => {
    const c = await recordProvider.check!({}, news);
    return c as { inputs: Record<string, unknown>; failures: { property: string; reason: string }[] };
  };
  const writes = async () =>
    (await fx.apiRequests()).filter((r) => WRITES.has(r.method) && r.path !== "/api/v1/batch");
  const keyRecords = async (vault: string) =>
    (await fx.raw("GET", `/items?vaultId=${vault}`)).items.filter(
      (i: any) => i.name === FINGERPRINT_KEY_RECORD,
    );

  before(async () => {
    fx = await startFixture({ extraSettings: { secretsInState: "none" } });
    vaultId = (await vaultProvider.create!({ name: "no-secrets" })).id;
    process.env[envName] = envValue;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pw-valuefrom-"));
  });
  after(async () => {
    delete process.env[envName];
    fs.rmSync(tmp, { recursive: true, force: true });
    await fx?.close();
  });

  describe("check", () => {
    it("refuses a password given as a value and says to use passwordFrom", async () => {
      const { failures } = await check({ name: "a", vaultId, password: "hunter2-hunter2" });
      assert.equal(failures.length, 1);
      assert.equal(failures[0]!.property, "password");
      assert.match(failures[0]!.reason, /secretsInState is "none".*passwordFrom: \{ env: "NAME" \}/);
      assert.ok(!failures[0]!.reason.includes("hunter2"), "the message holds no value");
    });

    it("refuses an inline password/totp custom field and says to use valueFrom; text fields stay inline", async () => {
      const { failures, inputs } = await check({
        name: "a",
        vaultId,
        customFields: {
          HOST: { value: "db.internal" },
          ROOT: { type: "password", value: "s3cret-value" },
        },
      });
      assert.deepEqual(
        failures.map((f) => f.property),
        ["customFields.ROOT.value"],
      );
      assert.match(failures[0]!.reason, /valueFrom: \{ env: "NAME" \}/);
      assert.deepEqual((inputs.customFields as any).HOST, { type: "text", value: "db.internal" });
    });

    it("a record's own secretsInState overrides the provider setting", async () => {
      const enc = await check({
        name: "a",
        vaultId,
        password: "given-password",
        secretsInState: "encrypted",
      });
      assert.deepEqual(enc.failures, []);
      assert.equal(enc.inputs.secretsInState, undefined, "encrypted is the absent default");
      const none = await check({ name: "a", vaultId, generatePassword: {} });
      assert.equal(none.inputs.secretsInState, "none");
    });

    it("fails at preview when a reference cannot be resolved, naming the variable, not a value", async () => {
      const { failures } = await check({
        name: "a",
        vaultId,
        customFields: { X: { type: "password", valueFrom: { env: "PW_TEST_NOT_SET_ANYWHERE" } } },
        passwordFrom: { file: "./no/such/file" },
      });
      assert.deepEqual(failures.map((f) => f.property).sort(), ["customFields.X.valueFrom", "passwordFrom"]);
      assert.match(failures.find((f) => f.property === "passwordFrom")!.reason, /no\/such\/file/);
      assert.match(failures.find((f) => f.property !== "passwordFrom")!.reason, /PW_TEST_NOT_SET_ANYWHERE/);
    });

    it("refuses value and valueFrom together", async () => {
      const { failures } = await check({
        name: "a",
        vaultId,
        customFields: { X: { type: "text", value: "a", valueFrom: { env: envName } } },
      });
      assert.deepEqual(
        failures.map((f) => f.property),
        ["customFields.X"],
      );
    });
  });

  describe("lifecycle", () => {
    let id: string;
    let outs: any;
    let inputs: Record<string, unknown>;
    let generated: string;

    it("create writes generated and referenced values to Passwork only; outputs hold fingerprints", async () => {
      const file = path.join(tmp, "tls.key");
      fs.writeFileSync(file, "-----BEGIN KEY-----\nabc\n-----END KEY-----\n");
      const c = await check({
        name: "mysql",
        vaultId,
        login: "root",
        generatePassword: { length: 24 },
        customFields: {
          HOST: { value: "db.internal" },
          ROOT: { type: "password", valueFrom: { env: envName } },
          TLS_KEY: { type: "password", valueFrom: { file } },
        },
      });
      assert.deepEqual(c.failures, []);
      inputs = c.inputs;
      await fx.clearRequests();
      const created = await recordProvider.create(inputs);
      id = created.id;
      outs = created.outs;
      const server = await items.get(providerContext().client, id);
      generated = server.password!;
      assert.equal(generated.length, 24);
      assert.equal(server.customs.find((f) => f.name === "ROOT")!.value, envValue);
      assert.equal(
        server.customs.find((f) => f.name === "TLS_KEY")!.value,
        "-----BEGIN KEY-----\nabc\n-----END KEY-----",
        "the file's content without its trailing newline",
      );

      const text = JSON.stringify(outs);
      for (const secret of [generated, envValue, "BEGIN KEY"]) assert.ok(!text.includes(secret), secret);
      assert.equal(outs.password, undefined);
      assert.equal(outs.secretsInState, "none");
      assert.deepEqual(outs.customFields, {
        HOST: { type: "text", value: "db.internal" },
        ROOT: { type: "password", valueFrom: { env: envName } },
        TLS_KEY: { type: "password", valueFrom: { file } },
      });
      assert.deepEqual(Object.keys(outs.fingerprints).sort(), [
        "customFields.ROOT",
        "customFields.TLS_KEY",
        "password",
      ]);
      for (const fp of Object.values(outs.fingerprints) as string[])
        assert.match(fp, /^hmac-sha256:[0-9a-f]{24}:/);
      assert.deepEqual(Object.keys(outs.envVars).sort(), ["HOST", "ROOT", "TLS_KEY", "mysql"]);
      assert.equal(outs.envVars.mysql, outs.fingerprints.password);

      // The key record was made once for the vault; its key is nowhere in the outputs.
      const keys = await keyRecords(vaultId);
      assert.equal(keys.length, 1);
      const keyRecord = await items.get(providerContext().client, keys[0].id);
      const key = keyRecord.customs[0]!.value;
      assert.match(key, /^[A-Z2-7]{52}$/, "256 random bits as a base32 totp seed");
      assert.equal(keyRecord.password, null);
      assert.deepEqual(
        buildEnvMap([keyRecord]).env,
        {},
        "passwork-cli exec --vault-id exports nothing of it",
      );
      assert.ok(!text.includes(key));
      assert.ok(outs.fingerprints.password.includes(keys[0].id), "the fingerprint names its key record");
    });

    it("a second record reuses the vault's key, and the same value gives an unrelated fingerprint", async () => {
      const c = await check({
        name: "other",
        vaultId,
        customFields: { ROOT: { type: "password", valueFrom: { env: envName } } },
      });
      const created = await recordProvider.create(c.inputs);
      assert.equal((await keyRecords(vaultId)).length, 1);
      assert.notEqual(
        (created.outs as any).fingerprints["customFields.ROOT"],
        outs.fingerprints["customFields.ROOT"],
      );
      await recordProvider.delete!(created.id, created.outs);
    });

    it("getSecrets still returns the values, read from Passwork, and nothing of the key record", async () => {
      const { env } = await lookupSecrets(providerContext().client, { vaultId });
      assert.equal(env.mysql, generated);
      assert.equal(env.ROOT, envValue);
      assert.deepEqual(Object.keys(env).sort(), ["HOST", "ROOT", "TLS_KEY", "mysql"]);
    });

    it("a no-change diff sends no request; a read finds no drift", async () => {
      await fx.clearRequests();
      const d = await recordProvider.diff!(id, outs, inputs);
      assert.equal(d.changes, false);
      assert.deepEqual(await fx.apiRequests(), []);
      const read = await recordProvider.read!(id, outs);
      assert.equal(read.props.drifted, undefined);
      assert.deepEqual(read.props, outs);
      assert.deepEqual(await writes(), []);
    });

    it("a password changed by hand is drift: read reports it, diff shows it, update restores a provider-made one", async () => {
      const { client } = providerContext();
      await items.update(client, id, { vaultId, password: "typed-by-hand-1" });
      const read = await recordProvider.read!(id, outs);
      assert.deepEqual(read.props.drifted, ["password"]);
      assert.equal(
        read.props.fingerprints.password,
        outs.fingerprints.password,
        "the expected fingerprint is kept",
      );
      assert.ok(!JSON.stringify(read).includes("typed-by-hand-1"));
      // Still drift at a second refresh, until up restores it.
      const again = await recordProvider.read!(id, read.props);
      assert.deepEqual(again.props.drifted, ["password"]);
      const d = await recordProvider.diff!(id, again.props, inputs);
      assert.equal(d.changes, true);

      await fx.clearRequests();
      const updated = await recordProvider.update!(id, again.props, inputs);
      const after = await items.get(client, id);
      assert.notEqual(after.password, "typed-by-hand-1");
      assert.notEqual(after.password, generated);
      assert.equal(after.password!.length, 24);
      assert.equal((updated.outs as any).drifted, undefined);
      assert.notEqual((updated.outs as any).fingerprints.password, outs.fingerprints.password);
      assert.deepEqual(
        (await writes()).map((w) => `${w.method} ${w.path.replace(/[0-9a-f]{24}/g, ":id")}`),
        ["PATCH /api/v1/items/:id"],
      );
      outs = updated.outs;
      generated = after.password!;
      const clean = await recordProvider.read!(id, outs);
      assert.equal(clean.props.drifted, undefined);
    });

    it("a referenced field changed by hand, or a changed environment value, is drift restored from the reference", async () => {
      const { client } = providerContext();
      const server = await items.get(client, id);
      await items.update(client, id, {
        vaultId,
        customs: server.customs.map((c) => (c.name === "ROOT" ? { ...c, value: "hand-root" } : c)),
      });
      const read = await recordProvider.read!(id, outs);
      assert.deepEqual(read.props.drifted, ["customFields.ROOT"]);
      await recordProvider.update!(id, read.props, inputs);
      assert.equal((await items.get(client, id)).customs.find((c) => c.name === "ROOT")!.value, envValue);

      process.env[envName] = `${envValue}-v2`;
      try {
        const r2 = await recordProvider.read!(id, (await recordProvider.read!(id, outs)).props);
        assert.deepEqual(r2.props.drifted, ["customFields.ROOT"], "the new value is not on the server yet");
        const u = await recordProvider.update!(id, r2.props, inputs);
        assert.equal(
          (await items.get(client, id)).customs.find((c) => c.name === "ROOT")!.value,
          `${envValue}-v2`,
        );
        assert.ok(!JSON.stringify(u.outs).includes(`${envValue}-v2`));
        outs = u.outs;
      } finally {
        process.env[envName] = envValue;
      }
    });

    it("a rotation regenerates the password; the state still holds none", async () => {
      const { client } = providerContext();
      const next = (await check({ ...(inputs as any), customFields: rawFields(inputs), rotation: "2" }))
        .inputs;
      const d = await recordProvider.diff!(id, outs, next);
      assert.equal(d.changes, true);
      const u = await recordProvider.update!(id, outs, next);
      const after = (await items.get(client, id)).password!;
      assert.notEqual(after, generated);
      assert.ok(!JSON.stringify(u.outs).includes(after));
      assert.equal((u.outs as any).rotation, "2");
    });
  });

  describe("migration", () => {
    /** A vault with a record made in encrypted mode (a given secret field, a generated password). */
    async function encryptedRecord(name: string, generatePassword: Record<string, unknown> = {}) {
      const { client } = providerContext();
      const vault = (await vaultProvider.create!({ name })).id;
      const enc = await check({
        name: "legacy",
        vaultId: vault,
        secretsInState: "encrypted",
        generatePassword,
        customFields: { ROOT: { type: "password", value: envValue }, HOST: { value: "h" } },
      });
      const created = await recordProvider.create(enc.inputs);
      const password = (await items.get(client, created.id)).password!;
      const none = await check({
        name: "legacy",
        vaultId: vault,
        generatePassword,
        customFields: { ROOT: { type: "password", valueFrom: { env: envName } }, HOST: { value: "h" } },
      });
      assert.deepEqual(none.failures, []);
      return { vault, enc, none, created, password };
    }

    it("encrypted → none rewrites the outputs with no write at all (not even a key); none → encrypted too", async () => {
      const { client } = providerContext();
      const { vault, enc, none, created, password } = await encryptedRecord("migrating");
      assert.equal((created.outs as any).password, password, "encrypted mode reports the value");
      assert.equal((await recordProvider.diff!(created.id, created.outs, none.inputs)).changes, true);
      await fx.clearRequests();
      const migrated = await recordProvider.update!(created.id, created.outs, none.inputs);
      assert.deepEqual(await writes(), [], "no write to Passwork");
      assert.deepEqual(await keyRecords(vault), [], "no fingerprint key record made");
      const text = JSON.stringify(migrated.outs);
      assert.ok(!text.includes(password) && !text.includes(envValue), "no value in the new outputs");
      assert.equal((await items.get(client, created.id)).password, password, "the password was not rotated");
      const fps = (migrated.outs as any).fingerprints;
      // The generated password (32 characters, ~200 bits) gets the unkeyed digest; the given field
      // (perhaps guessable) is stored as unverified, nothing of its value.
      assert.match(fps.password, /^sha256:[A-Za-z0-9_-]{43}$/);
      assert.equal(fps["customFields.ROOT"], "unverified");

      // Drift detection works on the migrated state: no drift now, a hand change is found.
      const read = await recordProvider.read!(created.id, migrated.outs);
      assert.equal(read.props.drifted, undefined);
      assert.equal((await recordProvider.diff!(created.id, read.props, none.inputs)).changes, false);

      // And back: none → encrypted writes nothing either and reports the values again.
      await fx.clearRequests();
      const back = await recordProvider.update!(created.id, migrated.outs, enc.inputs);
      assert.deepEqual(await writes(), []);
      assert.equal((back.outs as any).password, password);
      assert.equal((back.outs as any).customFields.ROOT.value, envValue);
    });

    it("a migrated record without a vault key still finds drift: the password by digest, the field by its reference", async () => {
      const { vault, none, created } = await encryptedRecord("migrated-drift");
      const migrated = await recordProvider.update!(created.id, created.outs, none.inputs);
      await items.update(providerContext().client, created.id, {
        vaultId: vault,
        password: "changed-by-hand-1",
      });
      await fx.clearRequests();
      const warnings = await captureWarnings(async () => {
        const read = await recordProvider.read!(created.id, migrated.outs);
        assert.deepEqual(read.props.drifted, ["password"]);
        assert.equal((read.props as any).fingerprints.password, (migrated.outs as any).fingerprints.password);
      });
      assert.deepEqual(await writes(), [], "a refresh writes nothing, even without a key");
      assert.ok(warnings.every((w) => !w.includes("changed-by-hand-1")));

      // Without the variable, the field cannot be checked: one warning, no false drift.
      delete process.env[envName];
      try {
        const w = await captureWarnings(async () => {
          const read = await recordProvider.read!(created.id, migrated.outs);
          assert.deepEqual(read.props.drifted, ["password"]);
        });
        assert.ok(
          w.some((x) =>
            /customFields\.ROOT cannot be checked here: the vault has no fingerprint key yet/.test(x),
          ),
          w.join("\n"),
        );
      } finally {
        process.env[envName] = envValue;
      }

      // The first update that writes (restoring the drifted password) makes the key; the outputs are keyed.
      const drifted = (await recordProvider.read!(created.id, migrated.outs)).props;
      await fx.clearRequests();
      const restored = await recordProvider.update!(created.id, drifted as any, none.inputs);
      const made = (await writes()).map((w) => `${w.method} ${w.path}`);
      assert.deepEqual(made.filter((w) => w === "POST /api/v1/items").length, 1, made.join(", "));
      assert.equal((await keyRecords(vault)).length, 1);
      const keyed = (restored.outs as any).fingerprints;
      assert.match(keyed.password, /^hmac-sha256:/);
      assert.match(keyed["customFields.ROOT"], /^hmac-sha256:/);
      assert.equal((await recordProvider.read!(created.id, restored.outs)).props.drifted, undefined);
    });

    it("a guessable generated password (8 digits) is stored as unverified, never digested, and not rotated by a later update", async () => {
      const { client } = providerContext();
      const spec = { length: 8, lowercase: false, uppercase: false, symbols: false };
      const { none, created, password } = await encryptedRecord("weak-generated", spec);
      const migrated = await recordProvider.update!(created.id, created.outs, none.inputs);
      assert.equal((migrated.outs as any).fingerprints.password, "unverified");
      assert.ok(!JSON.stringify(migrated.outs).includes(password));
      const described = await check({ ...(none.inputs as any), description: "now described" });
      await recordProvider.update!(created.id, migrated.outs, described.inputs);
      assert.equal((await items.get(client, created.id)).password, password, "no surprise rotation");
    });
  });
});

/** The checked customFields as program input again (check canonicalized them). */
function rawFields(inputs: Record<string, unknown>): Record<string, unknown> {
  return inputs.customFields as Record<string, unknown>;
}
