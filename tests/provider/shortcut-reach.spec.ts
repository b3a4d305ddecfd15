/**
 * The effective-access review lists the records each principal reaches through shortcuts: a service
 * account with read on `ci/` and a shortcut of `production/databases/mysql-primary` in `ci/` can read
 * that record, and the report says so (rows and Markdown); one with no access to `ci/` is not listed.
 */
import { strict as assert } from "node:assert";
import { access, folders, items, PassworkClient, shortcuts, vaults, vaultTypes } from "../../provider/client";
import { effectiveAccessReport } from "../../sdk/review/effective-report";
import { startFixture, type ProviderFixture } from "./fixture";

describe("effective access: records reached through shortcuts", function () {
  this.timeout(30_000);
  let fx: ProviderFixture;
  before(async () => {
    fx = await startFixture();
  });
  after(async () => fx?.close());

  it("names the principal, the record and where the shortcut shows it", async () => {
    const c = new PassworkClient({ host: fx.emu.url, accessToken: fx.emu.adminTokens.accessToken });
    const typeId = (await vaultTypes.list(c)).find((t) => t.code === "company")!.id;
    const vaultId = await vaults.create(c, { name: "infra", typeId });
    const production = await folders.create(c, { vaultId, name: "production" });
    const databases = await folders.create(c, { vaultId, name: "databases", parentFolderId: production });
    const ci = await folders.create(c, { vaultId, name: "ci" });
    const other = await folders.create(c, { vaultId, name: "other" });
    const mysql = await items.create(c, {
      vaultId,
      folderId: databases,
      name: "mysql-primary",
      password: "pw",
      tags: [],
      customs: [],
    });
    const shortcutId = await shortcuts.create(c, { recordId: mysql, vaultId, folderId: ci });
    const bot = await fx.emu.seedUser({ login: "ci-bot", isServiceAccount: true });
    const outsider = await fx.emu.seedUser({ login: "other-bot", isServiceAccount: true });
    await access.setGrant(c, "folder", ci, { principalType: "user", principalId: bot.id, access: "read" });
    await access.setGrant(c, "folder", other, {
      principalType: "user",
      principalId: outsider.id,
      access: "edit",
    });

    const report = await effectiveAccessReport(c, { vaultId });
    const botReach = report.shortcutReach.filter((r) => r.principalId === bot.id);
    assert.deepEqual(
      botReach.map((r) => [r.principalName, r.recordPath, r.viaPath, r.level, r.recordId, r.shortcutId]),
      [
        [
          "service account ci-bot",
          "infra/production/databases/mysql-primary",
          "infra/ci",
          "read",
          mysql,
          shortcutId.id,
        ],
      ],
    );
    assert.ok(!report.shortcutReach.some((r) => r.principalId === outsider.id), "no access to ci/: no reach");
    assert.match(report.markdown, /#### Records reached through shortcuts/);
    assert.match(
      report.markdown,
      /\| service account ci-bot \| infra\/production\/databases\/mysql-primary \| infra\/ci \| read \|/,
    );

    // A subtree report without the shortcut's folder lists no reach.
    assert.deepEqual((await effectiveAccessReport(c, { vaultId, folderId: production })).shortcutReach, []);
  });
});
