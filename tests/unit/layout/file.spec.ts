/** Declarations from files: YAML and JSON go through the same schema and rules as TypeScript. */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readLayoutFile } from "../../../sdk/layout/component";
import { LayoutError } from "../../../sdk/layout/errors";
import { parseLayoutSpec } from "../../../sdk/layout/parse";
import { planLayout } from "../../../sdk/layout/plan";

const example = path.join(__dirname, "../../../examples/layout/layout.yaml");

describe("Layout declarations from files", () => {
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "layout-file-"))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("the YAML example validates and plans like the TypeScript form", () => {
    const plan = planLayout(parseLayoutSpec(readLayoutFile(example)));
    assert.deepEqual(
      plan.folders.map((f) => f.path),
      [
        "development",
        "development/local",
        "production",
        "production/cloud",
        "production/databases",
        "production/k8s",
        "staging",
        "staging/databases",
      ],
    );
    const mysql = plan.records.find((r) => r.path === "production/databases/mysql-primary")!;
    assert.deepEqual(mysql.tags, ["db", "production"]);
    assert.deepEqual(mysql.password, { generate: { length: 32 } });
    assert.deepEqual(plan.folders.find((f) => f.path === "production")!.access, [
      { kind: "serviceAccount", name: "deploy-prod-svc", level: "read" },
    ]);
  });

  it("the YAML example in docs/layout.md validates", () => {
    const doc = fs.readFileSync(path.join(__dirname, "../../../docs/layout.md"), "utf8");
    const block = /```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
    const file = path.join(tmp, "doc.yaml");
    fs.writeFileSync(file, block);
    const plan = planLayout(parseLayoutSpec(readLayoutFile(file)));
    assert.deepEqual(
      plan.records.map((r) => [r.path, r.tags]),
      [
        ["production/databases/mysql-primary", ["db", "production"]],
        ["production/k8s/cluster-admin", ["k8s", "production"]],
        ["shared/monitoring/grafana-admin", ["shared"]],
      ],
    );
  });

  it("a JSON file works the same way", () => {
    const file = path.join(tmp, "layout.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        vault: { name: "infrastructure" },
        folders: { databases: { records: [{ name: "mysql-primary", password: "seed" }] } },
      }),
    );
    assert.deepEqual(
      planLayout(parseLayoutSpec(readLayoutFile(file))).records.map((r) => r.path),
      ["databases/mysql-primary"],
    );
  });

  it("a syntax error names the file and says what to do", () => {
    const file = path.join(tmp, "broken.yaml");
    fs.writeFileSync(file, "vault:\n  name: [unclosed\n");
    assert.throws(
      () => readLayoutFile(file),
      (e: unknown) =>
        e instanceof LayoutError &&
        /^layout \(vault\): .*broken\.yaml is not valid YAML: .* — fix the file's syntax$/.test(
          e.problems[0]!,
        ),
    );
  });

  it("rule violations in a file are reported with tree paths", () => {
    const file = path.join(tmp, "bad.yaml");
    fs.writeFileSync(
      file,
      "vault: {name: infrastructure}\nenvironments:\n  production:\n    categories:\n      databases:\n        - name: temp-pass\n",
    );
    assert.throws(
      () => planLayout(parseLayoutSpec(readLayoutFile(file))),
      (e: unknown) =>
        e instanceof LayoutError &&
        e.problems[0]!.startsWith('layout production/databases/temp-pass: "temp-pass" is a placeholder name'),
    );
  });
});
