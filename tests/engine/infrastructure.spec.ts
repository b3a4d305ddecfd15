// The reference example through the real Pulumi CLI against the emulator: up, idempotence without
// writes, previews of small changes, drift from out-of-band edits, secrets in state, and a destroy that
// leaves the server as it was.
import * as assert from "assert";
import {
  folderPaths,
  groups,
  records as declaredRecords,
  RecordSpec,
  serviceAccounts,
} from "../../examples/infrastructure/layout";
import {
  changeCount,
  changedInputKeys,
  EngineRun,
  EngineStack,
  leakedSecrets,
  stateResources,
} from "./harness";
import {
  infraResourceCount,
  InfraFixture,
  InfrastructureOptions,
  openInfraStack,
  secretsInState,
  startInfraFixture,
} from "./fixtures";
import { inventory } from "./raw-passwork";
import { repoRoot } from "./pulumi-cli";

const writeMethods = new Set(["POST", "PATCH", "PUT", "DELETE"]);
const withRecord = (name: string, change: (r: RecordSpec) => RecordSpec): RecordSpec[] =>
  declaredRecords.map((r) => (r.folder === "production/databases" && r.name === name ? change(r) : r));
const stepsOf = (run: EngineRun, op: string) => run.steps.filter((s) => s.op === op);

describe("engine: the reference example", function () {
  this.timeout(240_000);
  let fx: InfraFixture;
  let stack: EngineStack;
  let declared: InfrastructureOptions = {};
  let beforeUp: string[];
  let outputs: Record<string, any>;

  before(async () => {
    fx = await startInfraFixture();
    // Something the stack did not create, which destroy must leave alone.
    const types = await fx.api.get("/vault-types/all");
    const company = types.items.find((t: any) => t.code === "company");
    const vault = await fx.api.post("/vaults", { name: "unmanaged", typeId: company.id });
    const folder = await fx.api.post("/folders", { name: "keep-me", vaultId: vault.id });
    await fx.api.post("/items", {
      vaultId: vault.id,
      folderId: folder.id,
      name: "hand-made",
      login: "someone",
    });
    beforeUp = await inventory(fx.api);
    stack = await openInfraStack(fx, () => declared);
  });
  after(async () => {
    await stack?.dispose();
    await fx?.close();
  });

  it("up creates the vault, every folder, record, service account and grant", async () => {
    const run = await stack.up();
    assert.deepStrictEqual(run.summary, { create: infraResourceCount + 1 }); // + the stack itself
    outputs = run.outputs ?? {};
    assert.deepStrictEqual(Object.keys(outputs["folderIds"]).sort(), [...folderPaths].sort());
    assert.strictEqual(Object.keys(outputs["recordIds"]).length, declaredRecords.length);
    const prodDb = outputs["folderIds"]["production/databases"];
    assert.strictEqual(
      outputs["execCommands"]["production/databases"],
      `passwork-cli exec --folder-id ${prodDb} <command>`,
    );
    const created = await inventory(fx.api);
    const principals = [...serviceAccounts, ...groups];
    const grantCount = principals.reduce((n, p) => n + p.grants.length, 0);
    // + 1: the vault's creator (our admin) gets an admin grant on it
    assert.strictEqual(
      created.length,
      beforeUp.length + 1 + 1 + folderPaths.length + declaredRecords.length + principals.length + grantCount,
    );
    assert.match(
      outputs["effectiveAccess"],
      /health-checker/,
      "the effective-access report names the service accounts",
    );
  });

  it("a second up changes nothing and sends no write request", async () => {
    fx.emulator.control.requests = [];
    const run = await stack.up();
    assert.strictEqual(changeCount(run), 0, JSON.stringify(run.summary));
    // POST /api/v1/batch is a read: it runs GET sub-requests only (Passwork's batch, and the emulator's dispatchGet).
    const isWrite = (r: any) =>
      writeMethods.has(r.method) && String(r.path).startsWith("/api/v1") && r.path !== "/api/v1/batch";
    const writes = fx.emulator.control.requests.filter(isWrite);
    assert.deepStrictEqual(writes, []);
  });

  it("the state holds no secret in plaintext and __provider no credential or path", async () => {
    const decrypted = await stack.exportStateWithSecrets();
    const generated = secretsInState(decrypted);
    assert.ok(
      generated.length >= declaredRecords.length,
      `found ${generated.length} generated/field secrets to look for`,
    );
    const needles = [...fx.secrets, ...generated, stack.passphrase];
    assert.ok(
      leakedSecrets(JSON.stringify(decrypted), needles).length > 0,
      "the scan finds secrets where they are in plaintext",
    );

    const stored = await stack.exportState();
    assert.deepStrictEqual(leakedSecrets(JSON.stringify(stored), needles), []);
    for (const r of stateResources(stored)) {
      const provider = String(r.inputs.__provider);
      assert.ok(
        provider.includes('require("pulumi-passwork/dist/provider'),
        `${r.urn}: the shim loads the provider by package name`,
      );
      assert.ok(!provider.includes(repoRoot), `${r.urn}: __provider holds no absolute path of this checkout`);
      assert.ok(!/require\("\//.test(provider), `${r.urn}: __provider requires no absolute path`);
    }
    assert.deepStrictEqual(leakedSecrets(stack.collectedOutput(), needles), []);
  });

  it("a changed url previews exactly one in-place update of that record, naming the property", async () => {
    declared = {
      records: withRecord("mysql-primary", (r) => ({
        ...r,
        url: "mysql://mysql-primary-2.prod.internal:3306",
      })),
    };
    const run = await stack.preview();
    assert.deepStrictEqual(run.summary.update, 1, JSON.stringify(run.summary));
    assert.strictEqual(changeCount(run), 1, JSON.stringify(run.summary));
    const [update] = stepsOf(run, "update");
    assert.match(update!.urn, /::production-databases-mysql-primary$/);
    assert.deepStrictEqual(changedInputKeys(update!), ["url"]);
    assert.match(
      run.stdout,
      /~ url\s*: "mysql:\/\/mysql-primary\.prod\.internal:3306" => "mysql:\/\/mysql-primary-2\.prod\.internal:3306"/,
    );
  });

  it("a changed custom field previews exactly one update of that record", async () => {
    declared = {
      records: withRecord("mysql-primary", (r) => ({
        ...r,
        fields: { ...r.fields, MYSQL_HOST: { type: "text", value: "mysql-primary-2.prod.internal" } },
      })),
    };
    const run = await stack.preview();
    assert.strictEqual(changeCount(run), 1, JSON.stringify(run.summary));
    assert.match(stepsOf(run, "update")[0]!.urn, /::production-databases-mysql-primary$/);
    // The engine masks secrets on both sides of the diff, so it prints the update without a `~` marker.
    assert.match(run.stdout, /customFields\s*: \[secret\]/);
    assert.deepStrictEqual(leakedSecrets(run.stdout, fx.secrets), []);
  });

  it("a folder rename previews an in-place update, not a replace", async () => {
    declared = { folderNames: { "staging/cloud": "cloud-platform" } };
    const run = await stack.preview();
    assert.deepStrictEqual(run.summary.update, 1, JSON.stringify(run.summary));
    assert.strictEqual(changeCount(run), 1, JSON.stringify(run.summary));
    const [update] = stepsOf(run, "update");
    assert.match(update!.urn, /::staging-cloud$/);
    assert.deepStrictEqual(changedInputKeys(update!), ["name"]);
    declared = {};
  });

  it("refresh shows out-of-band changes and the next up restores the declared state", async () => {
    const recordId = outputs["recordIds"]["production/databases/mysql-primary"];
    const localFolderId = outputs["folderIds"]["development/local"];
    const stagingId = outputs["folderIds"]["staging"];
    const checker = (await fx.api.get("/users")).items.find((u: any) => u.login === "health-checker");
    await fx.api.patch(`/items/${recordId}`, { description: "edited by hand" });
    await fx.api.delete(`/folders/${localFolderId}`); // takes its record with it, into the bin
    await fx.api.delete(`/folders/${stagingId}/access/user/${checker.id}`);

    const refreshed = await stack.refresh();
    assert.strictEqual(refreshed.summary.update, 1, `record drift: ${JSON.stringify(refreshed.summary)}`);
    assert.strictEqual(
      refreshed.summary.delete,
      3,
      `folder, its record and the grant gone: ${JSON.stringify(refreshed.summary)}`,
    );

    const restored = await stack.up();
    assert.deepStrictEqual(
      { create: restored.summary.create, update: restored.summary.update },
      { create: 3, update: 1 },
      JSON.stringify(restored.summary),
    );
    const item = await fx.api.get(`/items/${recordId}`);
    assert.strictEqual(
      item.description,
      declaredRecords.find((r) => r.name === "mysql-primary")!.description,
    );
    const grants = (await fx.api.get(`/folders/${stagingId}/access`)).items;
    assert.ok(
      grants.some((g: any) => g.principalId === checker.id && g.access === "read"),
      "the grant is back",
    );
    const again = await stack.preview();
    assert.strictEqual(changeCount(again), 0, JSON.stringify(again.summary));
  });

  it("after refresh, too, the state holds no secret in plaintext", async () => {
    await stack.refresh();
    const needles = [...fx.secrets, ...secretsInState(await stack.exportStateWithSecrets())];
    assert.deepStrictEqual(leakedSecrets(JSON.stringify(await stack.exportState()), needles), []);
    assert.deepStrictEqual(leakedSecrets(stack.collectedOutput(), needles), []);
  });

  it("destroy leaves the server as it was before up and deletes nothing it did not create", async () => {
    const run = await stack.destroy();
    assert.strictEqual(run.summary.delete, infraResourceCount + 1, JSON.stringify(run.summary));
    assert.deepStrictEqual(await inventory(fx.api), beforeUp);
  });
});
