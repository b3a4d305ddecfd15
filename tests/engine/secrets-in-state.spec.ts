// The reference example with `passwork:secretsInState none` through the real Pulumi CLI
// (docs/secrets-in-state.md): up, no-change up, refresh, drift restored by up, rotation and export, and
// neither the decrypted state nor any checkpoint file under the file backend holds a secret value (the
// generated passwords as Passwork has them, the env-provided values); no Record input or output is
// secret-marked. Then a stack made in `encrypted` mode is switched to `none`: one up, no write to any
// record, no value in the new state; and a no-change up costs the same number of requests in both modes.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  records as declaredRecords,
  RecordSpec,
  secretEnvName,
  secretKeys,
} from "../../examples/infrastructure/layout";
import { withProgramClient } from "../../sdk/program-client";
import { layoutFromServer, renderLayout, snapshotVault } from "../../sdk/layout/export";
import { changeCount, EngineStack, leakedSecrets, openEngineStack, stateResources } from "./harness";
import {
  infraProject,
  infraResourceCount,
  InfraFixture,
  InfrastructureOptions,
  infrastructure,
  infrastructureProgram,
  startInfraFixture,
} from "./fixtures";
import { inventory, RawApi } from "./raw-passwork";

/** The marker of a secret value in Pulumi's state and engine JSON. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const RECORD_TYPE = "pulumi-nodejs:dynamic/passwork:Record";
const writeMethods = new Set(["POST", "PATCH", "PUT", "DELETE"]);
const isApi = (r: any) => String(r.path).startsWith("/api/v1");
const isWrite = (r: any) => isApi(r) && writeMethods.has(r.method) && r.path !== "/api/v1/batch";
const FINGERPRINT_KEY_RECORD = "pulumi-passwork fingerprint key";

/** The example's secrets: stack-config values in encrypted mode, the same values as env vars in none mode. */
function secretEnv(fx: InfraFixture): Record<string, string> {
  return Object.fromEntries(
    secretKeys.map((k) => [secretEnvName(k), String(fx.config[`${infraProject}:${k}`]!.value)]),
  );
}

/** Every password and secret custom-field value of every record as Passwork holds it now. */
async function serverSecrets(api: RawApi): Promise<string[]> {
  const out: string[] = [];
  for (const vault of (await api.get("/vaults")).items ?? []) {
    for (const item of (await api.get(`/items?vaultId=${vault.id}`)).items ?? []) {
      const full = await api.get(`/items/${item.id}`);
      if (full.passwordEncrypted) out.push(Buffer.from(full.passwordEncrypted, "base64").toString("utf8"));
      for (const c of full.customs ?? []) {
        const type = Buffer.from(c.type, "base64").toString("utf8");
        if (type !== "text") out.push(Buffer.from(c.value, "base64").toString("utf8"));
      }
    }
  }
  return out.filter((v) => v.length >= 8);
}

/** Every file under the file backend (checkpoints, history, backups). */
function backendFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...backendFiles(p));
    else out.push(p);
  }
  return out;
}

/** Record resources of every checkpoint file that carry a secret-marked input or output. */
function secretMarkedRecords(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files.filter((f) => f.endsWith(".json") || f.endsWith(".json.bak"))) {
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    const deployment = json.checkpoint?.latest ?? json.deployment ?? json.latest;
    for (const r of deployment?.resources ?? []) {
      if (r.type !== RECORD_TYPE) continue;
      if (JSON.stringify([r.inputs, r.outputs]).includes(SECRET_SIG)) found.push(`${file}: ${r.urn}`);
    }
  }
  return found;
}

const withRecord = (name: string, change: (r: RecordSpec) => RecordSpec): RecordSpec[] =>
  declaredRecords.map((r) => (r.folder === "production/databases" && r.name === name ? change(r) : r));

function openStack(
  fx: InfraFixture,
  options: () => InfrastructureOptions,
  mode: "none" | "encrypted",
): Promise<EngineStack> {
  const config = { ...fx.config };
  const env = secretEnv(fx);
  if (mode === "none") {
    config["passwork:secretsInState"] = { value: "none" };
    for (const k of secretKeys) delete config[`${infraProject}:${k}`]; // the env is the only source
    // Credentials from the environment too (docs/secrets-in-state.md): stack config given to a provider
    // is kept, encrypted, in its state entry, so this stack's state holds no secret of any kind.
    Object.assign(env, credentialsEnv(fx));
    for (const k of ["passwork:host", "passwork:accessToken", "passwork:refreshToken"]) delete config[k];
  }
  return openEngineStack({
    projectName: infraProject,
    program: () => infrastructureProgram(options())(),
    config,
    env,
    mainDir: infrastructure.dir,
  });
}

/** PASSWORK_* variables of Passwork's own CLI, the settings' environment fallback. */
function credentialsEnv(fx: InfraFixture): Record<string, string> {
  return {
    PASSWORK_HOST: String(fx.config["passwork:host"]!.value),
    PASSWORK_TOKEN: String(fx.config["passwork:accessToken"]!.value),
    PASSWORK_REFRESH_TOKEN: String(fx.config["passwork:refreshToken"]!.value),
  };
}

/** Where in a deployment the needles are: `type` of each resource holding one (for failure messages). */
function leaksByResource(deployment: any, needles: string[]): string[] {
  return (deployment?.resources ?? []).flatMap((r: any) =>
    leakedSecrets(JSON.stringify(r), needles).length > 0 ? [String(r.urn)] : [],
  );
}

describe("engine: secretsInState none", function () {
  this.timeout(300_000);

  describe("the reference example made in none mode", () => {
    let fx: InfraFixture;
    let stack: EngineStack;
    let declared: InfrastructureOptions = {};
    let beforeUp: string[];
    let outputs: Record<string, any>;
    /** Every secret value Passwork has held during the test (generated passwords change). */
    const seen = new Set<string>();
    const needles = () => [...fx.secrets, ...seen];
    const remember = async () => {
      for (const v of await serverSecrets(fx.api)) seen.add(v);
    };

    before(async () => {
      fx = await startInfraFixture();
      beforeUp = await inventory(fx.api);
      stack = await openStack(fx, () => declared, "none");
      // The inline program runs in this process: its lookups read the same environment.
      Object.assign(process.env, credentialsEnv(fx));
    });
    after(async () => {
      if (fx) for (const k of Object.keys(credentialsEnv(fx))) delete process.env[k];
      await stack?.dispose();
      await fx?.close();
    });

    it("up creates everything; the env-provided values and generated passwords are in Passwork", async () => {
      const run = await stack.up();
      assert.deepStrictEqual(run.summary, { create: infraResourceCount + 1 });
      outputs = run.outputs ?? {};
      await remember();
      const envValues = Object.values(secretEnv(fx));
      for (const v of envValues) assert.ok(seen.has(v), "each env-provided value reached Passwork");
      assert.ok(seen.size >= envValues.length + 2, "and the generated passwords");
    });

    it("a no-change up changes nothing, writes nothing and reads no record", async () => {
      fx.emulator.control.requests = [];
      const run = await stack.up();
      assert.strictEqual(changeCount(run), 0, JSON.stringify(run.summary));
      const requests = fx.emulator.control.requests.filter(isApi);
      assert.deepStrictEqual(requests.filter(isWrite), []);
      // The access guards' checks read folders and grants (as in encrypted mode); no record, no key.
      assert.deepStrictEqual(
        requests.filter((r: any) => String(r.path).startsWith("/api/v1/items")),
        [],
      );
    });

    it("neither the decrypted state nor any checkpoint file holds a secret value; no Record value is secret-marked", async () => {
      const decrypted = await stack.exportStateWithSecrets();
      assert.deepStrictEqual(leaksByResource(decrypted, needles()), []);
      for (const r of stateResources(decrypted).filter((r) => r.type === RECORD_TYPE)) {
        assert.ok(!JSON.stringify([r.inputs, r.outputs]).includes(SECRET_SIG), `${r.urn} holds a secret`);
        assert.strictEqual(r.outputs.password, undefined, `${r.urn}: no password output`);
        assert.strictEqual(r.outputs.secretsInState, "none");
      }
      const mysql = stateResources(decrypted).find((r) =>
        /::production-databases-mysql-primary$/.test(r.urn),
      );
      assert.deepStrictEqual(mysql.outputs.customFields.MYSQL_ROOT_PASS, {
        type: "password",
        valueFrom: { env: "MYSQL_ROOT_PASSWORD" },
      });
      assert.match(mysql.outputs.fingerprints.password, /^hmac-sha256:[0-9a-f]{24}:/);
      const files = backendFiles(stack.stateDir);
      assert.ok(files.length >= 3, `checkpoints and history: ${files.length} files`);
      for (const f of files)
        assert.deepStrictEqual(leakedSecrets(fs.readFileSync(f, "utf8"), needles()), [], f);
      assert.deepStrictEqual(secretMarkedRecords(files), []);
    });

    it("a refresh of an unchanged server reports nothing", async () => {
      const run = await stack.refresh();
      assert.strictEqual(changeCount(run), 0, JSON.stringify(run.summary));
    });

    it("a password and a secret field changed by hand are drift: shown after refresh, restored by up", async () => {
      const recordId = outputs["recordIds"]["production/databases/mysql-primary"];
      const item = await fx.api.get(`/items/${recordId}`);
      const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
      const customs = item.customs.map((c: any) =>
        Buffer.from(c.name, "base64").toString() === "MYSQL_ROOT_PASS"
          ? { ...c, value: b64("hand-typed-root") }
          : c,
      );
      await fx.api.patch(`/items/${recordId}`, { passwordEncrypted: b64("hand-typed-password"), customs });

      const refreshed = await stack.refresh();
      assert.strictEqual(refreshed.summary.update, 1, JSON.stringify(refreshed.summary));
      const preview = await stack.preview();
      assert.strictEqual(changeCount(preview), 1, JSON.stringify(preview.summary));
      assert.match(
        preview.steps.find((s) => s.op === "update")!.urn,
        /::production-databases-mysql-primary$/,
      );

      const run = await stack.up();
      assert.strictEqual(run.summary.update, 1, JSON.stringify(run.summary));
      const after = await fx.api.get(`/items/${recordId}`);
      const password = Buffer.from(after.passwordEncrypted, "base64").toString();
      assert.notStrictEqual(password, "hand-typed-password");
      assert.strictEqual(password.length, 32, "a new provider-generated password");
      const root = after.customs.find(
        (c: any) => Buffer.from(c.name, "base64").toString() === "MYSQL_ROOT_PASS",
      );
      assert.strictEqual(Buffer.from(root.value, "base64").toString(), secretEnv(fx)["MYSQL_ROOT_PASSWORD"]);
      await remember();
      const again = await stack.preview();
      assert.strictEqual(changeCount(again), 0, JSON.stringify(again.summary));
      await stack.refresh();
      assert.strictEqual(changeCount(await stack.preview()), 0, "no drift left after a refresh");
    });

    it("a rotation generates a new password in the provider; it reaches Passwork only", async () => {
      const recordId = outputs["recordIds"]["production/databases/mysql-primary"];
      const before = (await fx.api.get(`/items/${recordId}`)).passwordEncrypted;
      declared = { records: withRecord("mysql-primary", (r) => ({ ...r, rotation: "2026-11" })) };
      const run = await stack.up();
      assert.strictEqual(run.summary.update, 1, JSON.stringify(run.summary));
      assert.notStrictEqual((await fx.api.get(`/items/${recordId}`)).passwordEncrypted, before);
      await remember();
    });

    it("export writes valueFrom references and no value, and leaves the fingerprint key out", async () => {
      const env = { PASSWORK_HOST: fx.emulator.url, PASSWORK_TOKEN: fx.emulator.adminTokens.accessToken };
      const spec = await withProgramClient(
        async (c) =>
          layoutFromServer(await snapshotVault(c, "infrastructure"), [], { secretsInState: "none" }),
        () => undefined,
        env,
      );
      const text = renderLayout(spec, "yaml");
      assert.deepStrictEqual(leakedSecrets(text, needles()), []);
      assert.match(text, /secretsInState: none/);
      assert.match(text, /MYSQL_ROOT_PASS:\n\s+valueFrom:\n\s+keep: true/);
      assert.ok(!text.includes(FINGERPRINT_KEY_RECORD));
    });

    it("after all of it, no state file holds a value; destroy leaves the server as it was", async () => {
      await remember();
      const decrypted = await stack.exportStateWithSecrets();
      assert.deepStrictEqual(leaksByResource(decrypted, needles()), []);
      const files = backendFiles(stack.stateDir);
      for (const f of files)
        assert.deepStrictEqual(leakedSecrets(fs.readFileSync(f, "utf8"), needles()), [], f);
      assert.deepStrictEqual(secretMarkedRecords(files), []);
      assert.deepStrictEqual(leakedSecrets(stack.collectedOutput(), needles()), []);

      const run = await stack.destroy();
      assert.strictEqual(run.summary.delete, infraResourceCount + 1, JSON.stringify(run.summary));
      assert.deepStrictEqual(await inventory(fx.api), beforeUp);
    });
  });

  describe("switching a stack from encrypted to none", () => {
    let fx: InfraFixture;
    let stack: EngineStack;
    let encryptedNoChange: number;
    let values: string[];
    const fingerprintKeys = async () => {
      const vaultId = (await fx.api.get("/vaults")).items[0].id;
      return (await fx.api.get(`/items?vaultId=${vaultId}`)).items.filter(
        (i: any) => i.name === FINGERPRINT_KEY_RECORD,
      );
    };

    before(async () => {
      fx = await startInfraFixture();
      stack = await openStack(fx, () => ({}), "encrypted");
    });
    after(async () => {
      await stack?.dispose();
      await fx?.close();
    });

    it("in encrypted mode the state holds the values (encrypted) and a no-change up is measured", async () => {
      await stack.up();
      values = await serverSecrets(fx.api);
      const decrypted = JSON.stringify(await stack.exportStateWithSecrets());
      assert.ok(leakedSecrets(decrypted, values).length >= 5, "the decrypted state holds the values");
      fx.emulator.control.requests = [];
      const run = await stack.up();
      assert.strictEqual(changeCount(run), 0);
      encryptedNoChange = fx.emulator.control.requests.filter(isApi).length;
    });

    it("one up with passwork:secretsInState none rewrites the state: no record written, no value left in it", async () => {
      // The switch: the setting, and the example's secrets move from stack config to the environment.
      await stack.stack.setConfig("passwork:secretsInState", { value: "none" });
      await stack.stack.removeAllConfig(secretKeys.map((k) => `${infraProject}:${k}`));
      fx.emulator.control.requests = [];
      const run = await stack.up();
      const records = declaredRecords.length;
      assert.strictEqual(run.summary.update, records, JSON.stringify(run.summary));
      const writes = fx.emulator.control.requests.filter(isWrite).map((r: any) => `${r.method} ${r.path}`);
      // No write at all: not a record, not the vault's fingerprint key (made by the first up that writes).
      assert.deepStrictEqual(writes, []);
      assert.strictEqual((await fingerprintKeys()).length, 0);
      assert.deepStrictEqual(
        await serverSecrets(fx.api).then((v) => v.filter((x) => values.includes(x)).length),
        values.length,
        "no value changed",
      );

      const decrypted = await stack.exportStateWithSecrets();
      assert.deepStrictEqual(leaksByResource(decrypted, values), []);
      for (const r of stateResources(decrypted).filter((r) => r.type === RECORD_TYPE))
        assert.ok(!JSON.stringify([r.inputs, r.outputs]).includes(SECRET_SIG), `${r.urn} holds a secret`);
      const current = path.join(stack.stateDir, ".pulumi", "stacks", infraProject, "test.json");
      assert.deepStrictEqual(secretMarkedRecords([current]), []);
      // Older checkpoints in the backend's history still hold the values, encrypted: the docs say how to purge them.
      const history = backendFiles(stack.stateDir).filter((f) => f !== current);
      assert.ok(secretMarkedRecords(history).length > 0, "history from before the switch is secret-marked");
    });

    it("the migrated stack still finds drift: a generated password changed by hand shows after refresh, up restores it", async () => {
      const vaultId = (await fx.api.get("/vaults")).items[0].id;
      const recordId = (await fx.api.get(`/items?vaultId=${vaultId}`)).items.find(
        (i: any) => i.name === "mysql-primary",
      ).id;
      const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
      await fx.api.patch(`/items/${recordId}`, { passwordEncrypted: b64("hand-typed-password") });
      fx.emulator.control.requests = [];
      const refreshed = await stack.refresh();
      assert.strictEqual(refreshed.summary.update, 1, JSON.stringify(refreshed.summary));
      assert.deepStrictEqual(fx.emulator.control.requests.filter(isWrite), [], "a refresh writes nothing");
      const run = await stack.up();
      assert.strictEqual(run.summary.update, 1, JSON.stringify(run.summary));
      const password = Buffer.from((await fx.api.get(`/items/${recordId}`)).passwordEncrypted, "base64");
      assert.notStrictEqual(password.toString(), "hand-typed-password");
      assert.strictEqual((await fingerprintKeys()).length, 1, "the up that wrote made the key");
      await stack.refresh();
      assert.strictEqual(changeCount(await stack.preview()), 0, "no drift left");
      const decrypted = await stack.exportStateWithSecrets();
      assert.deepStrictEqual(leaksByResource(decrypted, [...values, password.toString()]), []);
    });

    it("a no-change up in none mode sends no more requests than in encrypted mode", async () => {
      fx.emulator.control.requests = [];
      const run = await stack.up();
      assert.strictEqual(changeCount(run), 0, JSON.stringify(run.summary));
      const requests = fx.emulator.control.requests.filter(isApi);
      // Figures for the report: the same program, before and after the switch.
      console.log(`      no-change up: encrypted ${encryptedNoChange} requests, none ${requests.length}`);
      assert.ok(requests.length <= encryptedNoChange, `${requests.length} > ${encryptedNoChange}`);
      assert.deepStrictEqual(
        requests.filter((r: any) => String(r.path).startsWith("/api/v1/items")),
        [],
        "no record or key read",
      );
    });
  });
});
