import { strict as assert } from "node:assert";
import { buildReport } from "../../../sdk/review/report";
import { escapeMarkdown, reportMarkdown } from "../../../sdk/review/report-markdown";
import { escapeXml, LEVEL_COLOURS, reportSvg } from "../../../sdk/review/report-svg";
import { grant, ids, principals, tree } from "./fixture";
import { assertWellFormedXml } from "./xml-check";

const grants = [
  grant(ids.vault, "user", ids.admin, "admin"),
  grant(ids.vault, "user", ids.healthChecker, "read"),
  grant(ids.production, "user", ids.deployProd, "read"),
  grant(ids.production, "group", ids.platform, "full"),
  grant(ids.development, "group", ids.developers, "edit"),
];

describe("access/report", () => {
  const rows = buildReport({ tree: tree(), grants, principals, rootId: ids.vault });
  const at = (name: string, path: string) =>
    rows.find((r) => r.principalName === name && r.directoryPath === path);

  it("has one row per relevant principal × directory, ordered users, service accounts, groups", () => {
    const names = [...new Set(rows.map((r) => r.principalName))];
    // read<only> has no grant and no member with access: not reported.
    assert.deepEqual(names, [
      "alice",
      "pulumi-bot",
      "deploy-prod-svc",
      "health-checker",
      "developers",
      "platform",
    ]);
    assert.equal(rows.length, names.length * 5);
    assert.deepEqual(
      rows.filter((r) => r.principalName === "alice").map((r) => r.directoryPath),
      [
        "infrastructure",
        "infrastructure/development",
        "infrastructure/production",
        "infrastructure/production/databases",
        "infrastructure/staging",
      ],
    );
  });

  it("reports level, reason and the deciding grant", () => {
    assert.equal(at("alice", "infrastructure/production/databases")?.level, "full");
    assert.match(
      at("alice", "infrastructure/production/databases")!.reason,
      /^group platform: full on infrastructure\/production \(inherited/,
    );
    assert.equal(at("alice", "infrastructure/staging")?.level, "none");
    assert.equal(at("alice", "infrastructure/staging")?.source, null);
    assert.deepEqual(at("deploy-prod-svc", "infrastructure/production/databases")?.source, {
      directoryId: ids.production,
      principalType: "user",
      principalId: ids.deployProd,
    });
    assert.equal(at("health-checker", "infrastructure/development")?.level, "read");
    assert.equal(at("pulumi-bot", "infrastructure/staging")?.level, "admin");
  });

  it("reports a subtree only, still counting grants on its ancestors", () => {
    const sub = buildReport({ tree: tree(), grants, principals, rootId: ids.production });
    assert.deepEqual(
      [...new Set(sub.map((r) => r.directoryPath))],
      ["infrastructure/production", "infrastructure/production/databases"],
    );
    assert.equal(
      sub.find((r) => r.principalName === "health-checker" && r.directoryId === ids.production)?.level,
      "read",
    );
  });

  it("is plain JSON (a valid stack output)", () => {
    assert.deepEqual(JSON.parse(JSON.stringify(rows)), rows);
  });

  it("renders a Markdown matrix with inherited marks and a reasons table", () => {
    const md = reportMarkdown(rows, "Access: infrastructure");
    const lines = md.split("\n");
    assert.equal(lines[0], "### Access: infrastructure");
    assert.equal(
      lines[2],
      "| principal | infrastructure | infrastructure/development | infrastructure/production | infrastructure/production/databases | infrastructure/staging |",
    );
    assert.ok(lines.includes("| service account deploy-prod-svc | — | — | read | read ↑ | — |"), md);
    assert.ok(lines.includes("| user alice | — | edit | full | full ↑ | — |"), md);
    assert.match(
      md,
      /\| group platform \| infrastructure\/production \| full \| direct grant: full on infrastructure\/production \|/,
    );
    // every table row has the same number of cells as the header
    const table = lines.filter(
      (l) =>
        l.startsWith("| ") &&
        !l.includes("reason") &&
        lines.indexOf(l) < lines.indexOf("<details><summary>Why</summary>"),
    );
    for (const l of table) assert.equal(l.split(" | ").length, 6, l);
  });

  it("escapes Markdown in names so a principal cannot break the table", () => {
    assert.equal(escapeMarkdown("a|b\n<script>*x*"), "a\\|b \\<script\\>\\*x\\*");
    const evil = principals.map((p) => (p.name === "alice" ? { ...p, name: "al|ice\n# h" } : p));
    const md = reportMarkdown(buildReport({ tree: tree(), grants, principals: evil, rootId: ids.vault }));
    assert.ok(md.includes("| user al\\|ice \\# h |"), md);
  });

  it("renders a standalone, well-formed SVG with a cell per pair, level colours and a legend", () => {
    const svg = reportSvg(rows, "Access <infrastructure> & co");
    assertWellFormedXml(svg);
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(svg.includes("<title>Access &lt;infrastructure&gt; &amp; co</title>"));
    assert.equal((svg.match(/<g><title>/g) ?? []).length, rows.length);
    for (const level of ["forbidden", "read", "edit", "full", "admin"])
      assert.ok(svg.includes(`>${level}</text>`), level);
    assert.ok(svg.includes(">no access</text>"));
    assert.ok(svg.includes(`fill="${LEVEL_COLOURS.full}"`));
  });

  it("escapes XML in names and drops characters XML forbids", () => {
    assert.equal(escapeXml(`a<b>&"c'\u0001`), "a&lt;b&gt;&amp;&quot;c&apos;");
    const evil = principals.map((p) =>
      p.name === "alice" ? { ...p, name: "</text><script>alert(1)</script>\u0000" } : p,
    );
    const svg = reportSvg(buildReport({ tree: tree(), grants, principals: evil, rootId: ids.vault }));
    assertWellFormedXml(svg);
    assert.ok(!svg.includes("<script>"));
  });

  it("an empty report still renders", () => {
    assert.match(reportMarkdown([]), /No principal has a grant here/);
    assertWellFormedXml(reportSvg([]));
  });
});
