/** Layout: folders declare shortcuts (a record path of the layout, or an id), records declare attachments. */
import assert from "node:assert/strict";
import { envVarNames } from "../../../sdk/layout/outputs";
import { parseLayoutSpec } from "../../../sdk/layout/parse";
import { planLayout } from "../../../sdk/layout/plan";
import type { LayoutSpecInput } from "../../../sdk/layout/spec";

const ID = "0123456789abcdef01234567";
const spec = (ciFolder: Record<string, unknown>): LayoutSpecInput =>
  ({
    vault: { name: "infra" },
    environments: {
      production: {
        categories: {
          databases: [
            {
              name: "mysql-primary",
              password: "seed",
              customFields: { MYSQL_HOST: { value: "db", type: "text" } },
              attachments: {
                "ca.pem": "-----BEGIN CERTIFICATE-----\n",
                "dump.bin": { base64: "AAE=" },
                kubeconfig: { file: "./kubeconfig" },
              },
              exclusiveAttachments: true,
            },
          ],
        },
      },
    },
    folders: { ci: { records: [{ name: "deploy-token", password: "seed" }], ...ciFolder } },
  }) as LayoutSpecInput;

const problems = (s: LayoutSpecInput): string => {
  try {
    planLayout(parseLayoutSpec(s));
  } catch (err) {
    return (err as Error).message;
  }
  return "";
};

describe("Layout: shortcuts and attachments", () => {
  it("plans shortcuts by layout path and by id, keyed where they show; exec variables include the shortcut's record", () => {
    const plan = planLayout(parseLayoutSpec(spec({ shortcuts: ["production/databases/mysql-primary", ID] })));
    assert.deepEqual(plan.shortcuts, [
      {
        path: "ci/mysql-primary",
        folderPath: "ci",
        target: "production/databases/mysql-primary",
        byId: false,
      },
      { path: `ci/${ID}`, folderPath: "ci", target: ID, byId: true },
    ]);
    assert.deepEqual(envVarNames(plan)["ci"], ["MYSQL_HOST", "deploy_token", "mysql_primary"]);
    const record = plan.records.find((r) => r.name === "mysql-primary")!;
    assert.deepEqual(Object.keys(record.attachments!), ["ca.pem", "dump.bin", "kubeconfig"]);
    assert.equal(record.exclusiveAttachments, true);
  });

  it("names a shortcut to an undeclared path, to its own folder, and one that clashes with a record's name", () => {
    assert.match(
      problems(spec({ shortcuts: ["production/databases/nope"] })),
      /the shortcut "production\/databases\/nope" names no record of this layout/,
    );
    assert.match(
      problems(spec({ shortcuts: ["ci/deploy-token"] })),
      /shows ci\/deploy-token in its own folder/,
    );
    const clash = spec({
      shortcuts: ["production/databases/mysql-primary"],
      records: [{ name: "MySQL-Primary", password: "seed" }],
    });
    assert.match(problems(clash), /ci would show two records named "mysql-primary"/);
  });

  it("rejects attachment content of the wrong shape and a path as a file name", () => {
    const bad = spec({}) as any;
    bad.environments.production.categories.databases[0].attachments = { "a/b.pem": "x", "n.bin": 42 };
    const message = problems(bad);
    assert.match(message, /n\.bin/);
    assert.match(message, /FileAsset\/StringAsset/);
    const slash = spec({}) as any;
    slash.environments.production.categories.databases[0].attachments = { "a/b.pem": "x" };
    assert.match(problems(slash), /the attachment name "a\/b\.pem" is not a plain file name/);
  });
});
