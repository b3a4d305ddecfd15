// "Connect without access" (`connect`): a user's direct membership with no level of its own. The walk
// goes past it, membership counts it, the guards and rules see no level in it, and the review shows the
// membership state apart from the level that applies.
import { strict as assert } from "node:assert";
import { effectiveAccess, GrantIndex, membershipOf } from "../../../provider/access/effective";
import {
  enforceGuardrails,
  GuardrailError,
  lastAdministratorViolation,
  lockoutViolation,
  vaultTypeAdministratorViolations,
} from "../../../provider/access/guardrails";
import { ruleViolations } from "../../../provider/access/access-rules";
import { allows, grantLevelName, isDowngrade, ownLevel } from "../../../provider/access/levels";
import { buildReport } from "../../../sdk/review/report";
import { reportMarkdown } from "../../../sdk/review/report-markdown";
import { reportSvg } from "../../../sdk/review/report-svg";
import { grant, ids, nameOf, principals, tree } from "./fixture";
import { assertWellFormedXml } from "./xml-check";

const alice = { type: "user" as const, id: ids.alice, groupIds: [ids.platform, ids.developers] };
const deploy = { type: "user" as const, id: ids.deployProd, groupIds: [] as string[] };
const at = (grants: ReturnType<typeof grant>[], subject: typeof alice, dir: string) =>
  effectiveAccess(tree(), new GrantIndex(grants), subject, dir);

describe("access/connect: Connect without access", () => {
  it("connect + a group grant: the groups' level applies, and the walk records where the user is connected", () => {
    const grants = [
      grant(ids.vault, "user", ids.admin, "admin"),
      grant(ids.vault, "group", ids.developers, "read"),
      grant(ids.production, "user", ids.alice, "connect"),
    ];
    const e = at(grants, alice, ids.databases);
    assert.equal(e.level, "read");
    assert.equal(e.reason.kind, "group");
    assert.equal(e.connected?.directoryId, ids.production);
    // Without the connect grant the level is the same; only membership differs.
    assert.equal(at(grants.slice(0, 2), alice, ids.databases).connected, undefined);
  });

  it("connect below a direct grant on an ancestor: that direct level applies, not the groups'", () => {
    const grants = [
      grant(ids.vault, "user", ids.alice, "edit"),
      grant(ids.production, "group", ids.platform, "full"),
      grant(ids.production, "user", ids.alice, "connect"),
    ];
    const e = at(grants, alice, ids.production);
    assert.equal(e.level, "edit");
    assert.equal(e.reason.kind, "direct");
    assert.ok(e.reason.kind === "direct" && e.reason.inherited && e.reason.grant.directoryId === ids.vault);
    assert.equal(e.connected?.directoryId, ids.production);
  });

  it("connect alone: no access; a nearer direct level still beats a connect further up", () => {
    assert.equal(
      at([grant(ids.vault, "user", ids.deployProd, "connect")], deploy, ids.production).level,
      "none",
    );
    const nearer = at(
      [
        grant(ids.vault, "user", ids.deployProd, "connect"),
        grant(ids.production, "user", ids.deployProd, "read"),
      ],
      deploy,
      ids.databases,
    );
    assert.equal(nearer.level, "read");
    assert.equal(nearer.connected, undefined, "a connect above the deciding grant plays no part");
  });

  it("membership counts connect as direct, and names where", () => {
    const grants = [
      grant(ids.vault, "group", ids.developers, "read"),
      grant(ids.production, "user", ids.alice, "connect"),
    ];
    assert.deepEqual(membershipOf(grants, alice), {
      vaultTypeAdministrator: false,
      direct: true,
      groupIds: [ids.developers],
      connectedWithoutAccess: [ids.production],
    });
    assert.deepEqual(membershipOf(grants, alice, (id) => tree().path(id)).connectedWithoutAccess, [
      "infrastructure/production",
    ]);
    assert.equal(membershipOf(grants, deploy).direct, false);
  });

  it("levels: connect has no level of its own, allows nothing, and replacing admin by it is a downgrade", () => {
    assert.equal(ownLevel("connect"), "none");
    assert.equal(allows("connect", "read"), false);
    assert.equal(isDowngrade("admin", "connect"), true);
    assert.equal(isDowngrade("connect", "read"), false);
    assert.equal(isDowngrade("forbidden", "connect"), false);
    assert.equal(grantLevelName("connect"), "Connect without access");
    assert.equal(grantLevelName("edit"), "Read and edit");
  });

  it("guards: the provider's own admin turned into connect is a lockout unless a group keeps it admin", () => {
    const self = { id: ids.admin, login: "pulumi-bot", groupIds: [ids.platform] };
    const current = [
      grant(ids.vault, "user", ids.admin, "admin"),
      grant(ids.vault, "user", ids.alice, "admin"),
    ];
    const change = (extra: ReturnType<typeof grant>[] = []) => ({
      tree: tree(),
      current: [...current, ...extra],
      directoryId: ids.vault,
      planned: [grant(ids.vault, "user", ids.admin, "connect"), current[1]!, ...extra],
      nameOf,
    });
    assert.match(
      lockoutViolation(change(), self)!,
      /pulumi-bot would lose admin on vault infrastructure; .* it would have no access/,
    );
    assert.equal(
      lockoutViolation(change([grant(ids.vault, "group", ids.platform, "admin")]), self),
      undefined,
    );
    // On a folder below the vault's admin grant, connect changes nothing: the inherited admin applies.
    const folder = {
      tree: tree(),
      current,
      directoryId: ids.production,
      planned: [grant(ids.production, "user", ids.admin, "connect")],
      nameOf,
    };
    assert.equal(lockoutViolation(folder, self), undefined);
  });

  it("guards: connect for the last administrator is refused; connect demotes no vault-type administrator", () => {
    const current = [grant(ids.vault, "user", ids.alice, "admin")];
    const change = {
      tree: tree(),
      current,
      directoryId: ids.vault,
      planned: [grant(ids.vault, "user", ids.alice, "connect")],
      nameOf,
    };
    assert.match(lastAdministratorViolation(change)!, /would have no administrator left/);
    const admins = new Map([[ids.alice, "alice"]]);
    assert.deepEqual(vaultTypeAdministratorViolations(change, admins), []);
    assert.throws(() => enforceGuardrails(change, undefined, admins), GuardrailError);
  });

  it("access rules cap no connect grant", () => {
    const rules = [
      { principalKind: "serviceAccount" as const, pathPrefix: "production", maxLevel: "forbidden" as const },
    ];
    const subject = {
      principalKind: "serviceAccount" as const,
      principalName: "deploy-prod-svc",
      vaultName: "infrastructure",
      pathInVault: "production",
    };
    assert.deepEqual(ruleViolations(rules, { ...subject, level: "connect" }), []);
    assert.equal(ruleViolations(rules, { ...subject, level: "read" }).length, 1);
  });

  describe("review", () => {
    const grants = [
      grant(ids.vault, "user", ids.admin, "admin"),
      grant(ids.vault, "group", ids.developers, "read"),
      grant(ids.production, "user", ids.alice, "connect"),
      grant(ids.staging, "user", ids.deployProd, "connect"),
    ];
    const rows = buildReport({ tree: tree(), grants, principals, rootId: ids.vault });
    const row = (name: string, path: string) =>
      rows.find((r) => r.principalName === name && r.directoryPath === path)!;

    it("rows: membership shows where the user is connected without access; the level is what applies", () => {
      const prod = row("alice", "infrastructure/production");
      assert.equal(prod.level, "read");
      assert.equal(prod.levelName, "Read only");
      assert.equal(prod.connectedWithoutAccess, true);
      assert.deepEqual(prod.membership.connectedWithoutAccess, ["infrastructure/production"]);
      assert.equal(prod.source?.principalId, ids.developers);
      assert.equal(
        prod.reason,
        "group developers: read on infrastructure (inherited); connected without access on infrastructure/production: the groups' level applies",
      );
      // Beside the connected folder only the group decides; the connect grant plays no part there.
      assert.equal(row("alice", "infrastructure/staging").connectedWithoutAccess, false);
      const svc = row("deploy-prod-svc", "infrastructure/staging");
      assert.equal(svc.level, "none");
      assert.equal(svc.levelName, "No access");
      assert.match(
        svc.reason,
        /^connected without access on infrastructure\/staging: no level from a direct grant or a group on the path: no access$/,
      );
    });

    it("Markdown: the membership table names the state; the why table explains a connected user without access", () => {
      const md = reportMarkdown(rows, "Access");
      const lines = md.split("\n");
      assert.ok(
        lines.includes(
          "| user alice | direct (Connect without access on infrastructure/production); through group developers |",
        ),
        md,
      );
      assert.ok(
        lines.includes(
          "| service account deploy-prod-svc | direct (Connect without access on infrastructure/staging) |",
        ),
        md,
      );
      // ◦ marks the cells where alice is connected without access (the groups' level applies there).
      assert.ok(lines.includes("| user alice | read | read ↑ | read ↑ ◦ | read ↑ ◦ | read ↑ |"), md);
      assert.ok(md.includes("◦ Connect without access here or above"), md);
      assert.ok(
        lines.some((l) =>
          l.startsWith(
            "| service account deploy-prod-svc | infrastructure/staging | none | connected without access on infrastructure/staging: no level",
          ),
        ),
        md,
      );
      // Without access and not connected there: left out of the why table, as before.
      assert.ok(
        !lines.some((l) => l.startsWith("| service account deploy-prod-svc | infrastructure/production |")),
        md,
      );
    });

    it("SVG: the membership column names the state", () => {
      const svg = reportSvg(rows, "Access");
      assertWellFormedXml(svg);
      assert.ok(
        svg.includes(
          ">direct (Connect without access on infrastructure/production); through group developers</text>",
        ),
      );
    });
  });
});
