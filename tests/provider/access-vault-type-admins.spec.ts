// Vault-type administrators (GET /vault-types/{id}/administrators): a grant that would demote one is
// refused at preview, and the effective-access report shows them as administrators nobody can remove.
import { strict as assert } from "node:assert";
import { providerContext } from "../../provider/config";
import { resetClaims } from "../../provider/resources/access/claims";
import { provider as folderAccess } from "../../provider/resources/folder-access";
import { provider as vaultAccess } from "../../provider/resources/vault-access";
import { effectiveAccessReport } from "../../sdk/review/effective-report";
import { checkAndCreate, makeLayout, type Layout } from "./access-helpers";
import { startFixture, type ProviderFixture } from "./fixture";

describe("provider: vault-type administrators", () => {
  let fx: ProviderFixture;
  let l: Layout;
  let typeAdmin: string;
  let bob: string;

  before(async () => {
    fx = await startFixture();
    l = await makeLayout(fx);
    // In the emulator, users with a manager role administer every vault type.
    typeAdmin = (await fx.emu.seedUser({ login: "carol-admin", role: "admin" })).id;
    bob = (await fx.emu.seedUser({ login: "bob", role: "user" })).id;
    const types = await fx.raw("GET", "/vault-types/all");
    const company = types.items.find((t: { code: string }) => t.code === "company");
    const admins = await fx.raw("GET", `/vault-types/${company.id}/administrators`);
    assert.ok(
      admins.items.some((a: { id: string }) => a.id === typeAdmin),
      "carol administers the type",
    );
  });
  after(async () => fx.close());
  afterEach(() => resetClaims());

  it("refuses at check a vault or folder grant below admin to a vault-type administrator", async () => {
    for (const [provider, dir] of [
      [vaultAccess, { vaultId: l.vault }],
      [folderAccess, { folderId: l.production }],
    ] as const) {
      const checked = await provider.check!({}, { ...dir, principal: { userId: typeAdmin }, level: "read" });
      assert.equal(checked.failures?.length, 1, JSON.stringify(checked.failures));
      assert.equal(checked.failures![0]!.property, "level");
      assert.match(
        checked.failures![0]!.reason,
        /user carol-admin .* is an administrator of this vault's type/,
      );
      assert.match(checked.failures![0]!.reason, /cannot be set/);
      resetClaims();
    }
  });

  it("allows admin for them, and any level for other people", async () => {
    await checkAndCreate(vaultAccess, { vaultId: l.vault, principal: { userId: typeAdmin }, level: "admin" });
    await checkAndCreate(folderAccess, { folderId: l.production, principal: { userId: bob }, level: "read" });
  });

  it("the report shows them as administrators who cannot be removed or demoted, membership apart", async () => {
    const { client } = providerContext();
    const report = await effectiveAccessReport(client, { vaultId: l.vault });
    const carol = report.rows.filter((r) => r.principalId === typeAdmin);
    assert.equal(carol.length, 4, "vault and three folders");
    assert.ok(carol.every((r) => r.level === "admin" && r.irrevocable && r.levelName === "Administrator"));
    const bobRows = report.rows.filter((r) => r.principalId === bob);
    assert.ok(bobRows.every((r) => !r.irrevocable));
    assert.equal(bobRows.find((r) => r.directoryId === l.production)?.levelName, "Read only");
    assert.match(
      report.markdown,
      /\| user carol-admin \| vault-type administrator \(cannot be removed or demoted\) \|/,
    );
    assert.match(report.markdown, /\| user bob \| direct \|/);
    assert.match(report.svg, />Administrator †<\/text>/);
  });
});
