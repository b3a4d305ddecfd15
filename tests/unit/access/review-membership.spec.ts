// The review shows membership apart from the level, Passwork's names for the levels, and vault-type
// administrators as administrators nobody can remove or demote; the guard refuses demoting one.
import { strict as assert } from "node:assert";
import { effectiveAccess, GrantIndex, membershipOf } from "../../../provider/access/effective";
import {
  enforceGuardrails,
  GuardrailError,
  vaultTypeAdministratorViolations,
} from "../../../provider/access/guardrails";
import { LEVEL_NAMES } from "../../../provider/access/levels";
import { buildReport } from "../../../sdk/review/report";
import { reportMarkdown } from "../../../sdk/review/report-markdown";
import { reportSvg } from "../../../sdk/review/report-svg";
import { grant, ids, nameOf, principals, tree } from "./fixture";
import { assertWellFormedXml } from "./xml-check";

const grants = [
  grant(ids.vault, "user", ids.admin, "admin"),
  // pulumi-bot is also forbidden on staging: as a vault-type administrator it stays admin there.
  grant(ids.staging, "user", ids.admin, "forbidden"),
  grant(ids.vault, "group", ids.developers, "read"),
  grant(ids.production, "user", ids.alice, "edit"),
  grant(ids.production, "user", ids.deployProd, "read"),
];

describe("access/review: membership, product level names, vault-type administrators", () => {
  const rows = buildReport({
    tree: tree(),
    grants,
    principals,
    rootId: ids.vault,
    vaultTypeAdministrators: [ids.admin],
  });
  const at = (name: string, path: string) =>
    rows.find((r) => r.principalName === name && r.directoryPath === path)!;

  it("a direct member without a direct grant on the walk gets the groups' level (reset to group level)", () => {
    const subject = { type: "user" as const, id: ids.alice, groupIds: [ids.developers, ids.platform] };
    const here = effectiveAccess(tree(), new GrantIndex(grants), subject, ids.production);
    const there = effectiveAccess(tree(), new GrantIndex(grants), subject, ids.staging);
    assert.equal(here.level, "edit");
    assert.equal(here.reason.kind, "direct");
    assert.equal(there.level, "read");
    assert.equal(there.reason.kind, "group");
    assert.deepEqual(membershipOf(grants, subject), {
      vaultTypeAdministrator: false,
      direct: true,
      groupIds: [ids.developers],
    });
  });

  it("rows carry membership apart from the level, and the level as Passwork names it", () => {
    assert.deepEqual(at("alice", "infrastructure/staging").membership, {
      vaultTypeAdministrator: false,
      direct: true,
      groupIds: [ids.developers],
    });
    assert.equal(at("alice", "infrastructure/staging").levelName, "Read only");
    assert.match(
      at("alice", "infrastructure/staging").reason,
      /^group developers: read on infrastructure \(inherited\); connected directly, but no direct grant on this path: the groups' level applies$/,
    );
    assert.equal(at("alice", "infrastructure/production").levelName, "Read and edit");
    assert.deepEqual(at("deploy-prod-svc", "infrastructure").membership, {
      vaultTypeAdministrator: false,
      direct: true,
      groupIds: [],
    });
    assert.equal(at("deploy-prod-svc", "infrastructure").levelName, "No access");
  });

  it("a vault-type administrator is admin everywhere, irrevocable, even over a forbidden grant", () => {
    const staging = at("pulumi-bot", "infrastructure/staging");
    assert.equal(staging.level, "admin");
    assert.equal(staging.irrevocable, true);
    assert.equal(staging.source, null);
    assert.match(staging.reason, /vault-type administrator.*cannot be removed or demoted/);
    assert.equal(at("alice", "infrastructure").irrevocable, false);
  });

  it("a vault-type administrator without any grant is still reported", () => {
    const only = buildReport({
      tree: tree(),
      grants: [],
      principals,
      rootId: ids.vault,
      vaultTypeAdministrators: [ids.admin],
    });
    assert.deepEqual([...new Set(only.map((r) => r.principalName))], ["pulumi-bot"]);
    assert.ok(only.every((r) => r.level === "admin" && r.irrevocable));
  });

  it("Markdown: product names, the irrevocable mark, and a membership table apart from the levels", () => {
    const md = reportMarkdown(rows, "Access");
    const lines = md.split("\n");
    assert.ok(lines.includes("| user pulumi-bot | admin † | admin † | admin † | admin † | admin † |"), md);
    assert.ok(lines.includes("| user alice | read | read ↑ | edit | edit ↑ | read ↑ |"), md);
    assert.match(
      md,
      /Levels as Passwork names them: forbidden = Forbidden · read = Read only · edit = Read and edit · full = Full access · admin = Administrator/,
    );
    assert.ok(
      lines.includes(
        "| user alice | infrastructure/production | edit | direct grant: edit on infrastructure/production | Read and edit |",
      ),
      md,
    );
    assert.ok(lines.includes("| user alice | direct; through group developers |"), md);
    assert.ok(
      lines.includes("| user pulumi-bot | vault-type administrator (cannot be removed or demoted) |"),
      md,
    );
    assert.ok(lines.includes("| group developers | direct |"), md);
    assert.ok(lines.indexOf("| principal | membership |") > lines.indexOf("</details>"));
  });

  it("SVG: cells named as in Passwork, a membership column, codes and names in the legend", () => {
    const svg = reportSvg(rows, "Access");
    assertWellFormedXml(svg);
    for (const name of ["Read only", "Read and edit", "Administrator †"])
      assert.ok(svg.includes(`>${name}</text>`), name);
    for (const level of ["forbidden", "read", "edit", "full", "admin"] as const) {
      assert.ok(svg.includes(`>${level}</text>`), level);
      assert.ok(svg.includes(`>${LEVEL_NAMES[level]}</text>`), LEVEL_NAMES[level]);
    }
    assert.ok(svg.includes(">membership</text>"));
    assert.ok(svg.includes(">direct; through group developers</text>"));
    assert.ok(svg.includes(">vault-type administrator (cannot be removed or demoted)</text>"));
  });

  it("the guard refuses a grant below admin to a vault-type administrator, and only that", () => {
    const admins = new Map([[ids.admin, "pulumi-bot"]]);
    const change = (level: "read" | "admin", who = ids.admin) => ({
      tree: tree(),
      current: grants,
      directoryId: ids.production,
      planned: [grant(ids.production, "user", who, level)],
      nameOf,
    });
    const [message] = vaultTypeAdministratorViolations(change("read"), admins);
    assert.match(message!, /user pulumi-bot \(e0+\) is an administrator of this vault's type/);
    assert.match(message!, /read on folder infrastructure\/production cannot be set/);
    assert.deepEqual(vaultTypeAdministratorViolations(change("admin"), admins), []);
    assert.deepEqual(vaultTypeAdministratorViolations(change("read", ids.alice), admins), []);
    assert.throws(() => enforceGuardrails(change("read"), undefined, admins), GuardrailError);
  });
});
