// The access-protocol probe through the real Pulumi CLI, against an emulator whose unpublished access
// endpoints are off (a real Passwork that does not speak our assumed contract): a preview of the
// reference example fails at preview with the probe's message and sends no access request after the
// probe; a stack of vaults, folders and records alone `up`s fine.
import * as assert from "assert";
import * as passwork from "pulumi-passwork";
import { ACCESS_PROTOCOL } from "../../protocol/access-protocol";
import { routePattern } from "../../emulator/routes";
import { EngineStack, openEngineStack } from "./harness";
import { InfraFixture, openInfraStack, startInfraFixture } from "./fixtures";

const accessPaths = Object.values(ACCESS_PROTOCOL).map(
  (row) => new RegExp("^" + routePattern(row.path).replace(/:\w+/g, "[^/]+") + "$"),
);
const isAccessPath = (p: string): boolean => accessPaths.some((re) => re.test(p));
const PROBE = "GET /api/v1/user-groups?name=pulumi-passwork-access-probe got HTTP 404";

describe("engine: a server without the access endpoints", function () {
  this.timeout(240_000);
  let fx: InfraFixture;
  const stacks: EngineStack[] = [];

  before(async () => {
    fx = await startInfraFixture({ accessEndpoints: false });
  });
  after(async () => {
    for (const s of stacks) await s.dispose();
    await fx?.close();
  });

  it("a preview of the reference example fails at preview with the probe's one message", async () => {
    const stack = await openInfraStack(fx, () => ({}));
    stacks.push(stack);
    fx.emulator.control.requests = [];
    await assert.rejects(stack.preview(), (err: Error) => {
      const text = `${err.message}\n${stack.collectedOutput()}`;
      assert.ok(text.includes(PROBE), text.slice(-3000));
      assert.match(text, /Passwork does not publish its API for vault\/folder access/);
      assert.match(text, /docs\/access-protocol\.md/);
      return true;
    });
    const log = fx.emulator.control.requests;
    const access = log.filter((r) => isAccessPath(r.path));
    assert.deepStrictEqual(
      access.map((r) => `${r.method} ${r.path} ${r.status}`),
      ["GET /api/v1/user-groups 404"],
      "the probe is the only request to an access path",
    );
    // Nothing was created: a preview writes nothing.
    assert.deepStrictEqual(
      log.filter((r) => r.method !== "GET" && r.path !== "/api/v1/batch"),
      [],
    );
  });

  it("a stack of vaults, folders and records alone ups fine and sends no access request", async () => {
    const stack = await openEngineStack({
      projectName: "no-access-protocol",
      program: async () => {
        const vault = new passwork.Vault("plain", { name: "plain-vault", vaultType: "company" });
        const folder = new passwork.Folder("apps", { name: "apps", vaultId: vault.id });
        const record = new passwork.Record("db", {
          name: "db",
          vaultId: vault.id,
          folderId: folder.id,
          login: "root",
          generatePassword: { length: 24 },
        });
        return { folderId: folder.id, recordId: record.id };
      },
      config: fx.config,
    });
    stacks.push(stack);
    fx.emulator.control.requests = [];
    const run = await stack.up();
    assert.deepStrictEqual(run.summary, { create: 4 });
    assert.match(String(run.outputs?.["recordId"]), /^[0-9a-f]{24}$/);
    assert.deepStrictEqual(
      fx.emulator.control.requests.filter((r) => isAccessPath(r.path)),
      [],
    );
    const destroyed = await stack.destroy();
    assert.strictEqual(destroyed.summary.delete, 4);
  });
});
