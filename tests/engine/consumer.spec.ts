// The consumer example: a second stack reads the infrastructure stack's outputs through a
// StackReference, pulls the production database secrets with getSecrets, and keeps them secret.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { example } from "./examples";
import { EngineStack, leakedSecrets, openEngineStack } from "./harness";
import { infraProject, InfraFixture, openInfraStack, secretsInState, startInfraFixture } from "./fixtures";

describe("engine: the consumer stack", function () {
  this.timeout(240_000);
  let fx: InfraFixture;
  let infra: EngineStack;
  let consumer: EngineStack;
  let stateDir: string;

  before(async () => {
    fx = await startInfraFixture();
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-passwork-consumer-state-"));
    infra = await openInfraStack(fx, () => ({}), { stateDir, stackName: "prod" });
    await infra.up();
    const providerConfig = Object.fromEntries(
      Object.entries(fx.config).filter(([key]) => key.startsWith("passwork:")),
    );
    const consumerExample = example("consumer");
    consumer = await openEngineStack({
      projectName: consumerExample.projectName,
      program: consumerExample.program(),
      config: {
        ...providerConfig,
        [`${consumerExample.projectName}:infrastructureStack`]: {
          value: `organization/${infraProject}/prod`,
        },
      },
      stateDir,
      mainDir: consumerExample.dir,
    });
  });
  after(async () => {
    // The consumer creates no Passwork object; the infrastructure stack cleans up what it made.
    if (consumer) await consumer.destroy().finally(() => consumer.dispose());
    if (infra) await infra.destroy().finally(() => infra.dispose());
    await fx?.close();
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it("reads the infrastructure outputs and the production database secrets", async () => {
    const infraOutputs = await infra.stack.outputs();
    const run = await consumer.up();
    const out = run.outputs ?? {};
    assert.strictEqual(
      out["databasesFolderId"],
      (infraOutputs["folderIds"]!.value as Record<string, string>)["production/databases"],
    );
    assert.strictEqual(
      out["mysqlPrimaryRecordId"],
      (infraOutputs["recordIds"]!.value as Record<string, string>)["production/databases/mysql-primary"],
    );
    const env = out["databaseEnv"] as Record<string, string>;
    // passwork-cli exec's names: the record name sanitized, plus text and password custom fields
    assert.deepStrictEqual(Object.keys(env).sort(), [
      "MEMCACHED_SERVERS",
      "MYSQL_HOST",
      "MYSQL_ROOT_PASS",
      "memcached_sessions",
      "mysql_primary",
    ]);
    assert.strictEqual(env["MYSQL_ROOT_PASS"], fx.config[`${infraProject}:mysqlRootPassword`]!.value);
    assert.deepStrictEqual([...(out["databaseEnvNames"] as string[])].sort(), Object.keys(env).sort());
    assert.strictEqual(
      out["mysqlDsn"],
      `mysql://root:${env["MYSQL_ROOT_PASS"]}@mysql-primary.prod.internal:3306/`,
    );
  });

  it("keeps the secrets secret: encrypted in its own state, masked in its output", async () => {
    const outputs = await consumer.stack.outputs();
    assert.strictEqual(outputs["databaseEnv"]!.secret, true);
    assert.strictEqual(outputs["mysqlDsn"]!.secret, true);
    assert.strictEqual(outputs["databaseEnvNames"]!.secret, false);
    const needles = [...fx.secrets, ...secretsInState(await infra.exportStateWithSecrets())];
    const stored = await consumer.exportState();
    const stackResource = stored.resources.find((r: any) => r.type === "pulumi:pulumi:Stack");
    assert.ok(stackResource.outputs.databaseEnv.ciphertext, "databaseEnv is stored as ciphertext");
    assert.deepStrictEqual(leakedSecrets(JSON.stringify(stored), needles), []);
    assert.deepStrictEqual(leakedSecrets(consumer.collectedOutput(), needles), []);
  });
});
