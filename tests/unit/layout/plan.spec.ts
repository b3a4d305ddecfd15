/** The plan and consumer outputs of a Layout: tags from the path, access inheritance, exec variables. */
import assert from "node:assert/strict";
import {
  declaredAccess,
  effectiveAccessMarkdown,
  envVarNames,
  execCommands,
} from "../../../sdk/layout/outputs";
import { parseLayoutSpec } from "../../../sdk/layout/parse";
import { planLayout } from "../../../sdk/layout/plan";
import { referenceLayout } from "../../../examples/layout/reference";

const reference = referenceLayout((key) => `value-of-${key}`);
const plan = () => planLayout(parseLayoutSpec(reference));

describe("Layout plan", () => {
  it("expands environments × categories into folder paths, parents first", () => {
    assert.deepEqual(
      plan().folders.map((f) => f.path),
      [
        "development",
        "development/local",
        "production",
        "production/cloud",
        "production/databases",
        "production/k8s",
        "staging",
        "staging/cloud",
        "staging/databases",
      ],
    );
  });

  it("derives tags from the environment and the category (databases → db)", () => {
    const byPath = new Map(plan().records.map((r) => [r.path, r.tags]));
    assert.deepEqual(byPath.get("production/databases/mysql-primary"), ["db", "production"]);
    assert.deepEqual(byPath.get("production/cloud/aws-credentials"), ["cloud", "production"]);
    assert.deepEqual(byPath.get("production/k8s/cluster-admin"), ["k8s", "production"]);
    // "local" is outside the category map; the declaration tags it db explicitly
    assert.deepEqual(byPath.get("development/local/docker-compose-db"), ["db", "development"]);
  });

  it("categoryTags and per-category tag override the defaults", () => {
    const p = planLayout(
      parseLayoutSpec({
        vault: { name: "infrastructure" },
        categoryTags: { databases: "database", queues: "mq" },
        environments: {
          production: {
            tag: "prod",
            categories: {
              databases: [{ name: "mysql-primary" }],
              queues: [{ name: "rabbitmq-admin" }],
              cloud: { tag: null, records: [{ name: "aws-credentials" }] },
            },
          },
        },
      }),
    );
    assert.deepEqual(
      p.records.map((r) => [r.path, r.tags]),
      [
        ["production/databases/mysql-primary", ["database", "prod"]],
        ["production/queues/rabbitmq-admin", ["mq", "prod"]],
        ["production/cloud/aws-credentials", ["prod"]],
      ],
    );
  });

  it("plain nested folders take only branch tags, inherited downwards", () => {
    const p = planLayout(
      parseLayoutSpec({
        vault: { name: "infrastructure" },
        folders: {
          shared: {
            tags: ["shared"],
            folders: { monitoring: { records: [{ name: "grafana-admin", tags: ["ops"] }] } },
          },
        },
      }),
    );
    assert.deepEqual(p.records[0]!.path, "shared/monitoring/grafana-admin");
    assert.deepEqual(p.records[0]!.tags, ["ops", "shared"]);
  });

  it("access is inherited down the tree unless a branch overrides it for that principal", () => {
    const { principals, rows } = declaredAccess(plan());
    const col = (kind: string, name: string) =>
      principals.findIndex((p) => p.kind === kind && p.name === name);
    const at = (path: string, kind: string, name: string) => {
      const cell = rows.find((r) => r.path === path)!.cells[col(kind, name)];
      return cell ? `${cell.level}@${cell.from}` : null;
    };
    assert.equal(at("production/databases", "serviceAccount", "deploy-prod-svc"), "read@production");
    assert.equal(at("staging/databases", "serviceAccount", "deploy-prod-svc"), null);
    assert.equal(at("staging/cloud", "serviceAccount", "cred-rotator"), "edit@staging");
    assert.equal(at("staging", "serviceAccount", "cred-rotator"), "edit@staging");
    assert.equal(at("development/local", "serviceAccount", "cred-rotator"), null);
    assert.equal(at("production/k8s", "serviceAccount", "deploy-prod-svc"), "read@production");
    assert.equal(at("development/local", "group", "developers"), "edit@development");
    assert.equal(at("production", "group", "developers"), null);
    const overridden = planLayout(
      parseLayoutSpec({
        vault: { name: "infrastructure" },
        access: [{ group: "dba", level: "read" }],
        folders: {
          databases: {
            access: [{ group: "dba", level: "edit" }],
            folders: { archive: { access: [{ group: "dba", level: "forbidden" }] } },
          },
        },
      }),
    );
    const o = declaredAccess(overridden);
    assert.deepEqual(
      o.rows.map((r) => [r.path, r.cells[0]?.level]),
      [
        ["", "read"],
        ["databases", "edit"],
        ["databases/archive", "forbidden"],
      ],
    );
  });

  it("effectiveAccess is a Markdown table marking inherited levels", () => {
    const md = effectiveAccessMarkdown(plan());
    assert.match(md, /^### Declared access: infrastructure\n/);
    assert.match(
      md,
      /\| path \| developers \(group\) \| platform \(group\) \| cred-rotator \(service account\) \| deploy-prod-svc \(service account\) \| deploy-staging-svc \(service account\) \| health-checker \(service account\) \|/,
    );
    assert.match(md, /\| production \| — \| full \| edit \| read \| — \| read \|/);
    assert.match(md, /\| production\/databases \| — \| full ↑ \| edit ↑ \| read ↑ \| — \| read ↑ \|/);
    assert.match(md, /\| development\/local \| edit ↑ \| — \| — \| — \| — \| read ↑ \|/);
    assert.match(md, /\| \(vault\) \| — \| — \| — \| — \| — \| — \|/);
  });

  it("envVarNames lists the sanitized variables of each folder's direct records, sorted", () => {
    const names = envVarNames(plan());
    assert.deepEqual(names["production/databases"], [
      "MEMCACHED_SERVERS",
      "MYSQL_HOST",
      "MYSQL_ROOT_PASS",
      "memcached_sessions",
      "mysql_primary",
    ]);
    assert.deepEqual(names["production"], []);
  });

  it("execCommands has one ready line per folder", () => {
    assert.deepEqual(execCommands({ production: "0123456789abcdef01234567" }), {
      production: "passwork-cli exec --folder-id 0123456789abcdef01234567 <command>",
    });
  });

  it("growing the tree keeps every existing path (output keys) and adds new ones", () => {
    const before = plan();
    const grown = planLayout(
      parseLayoutSpec({
        ...reference,
        environments: {
          ...reference.environments,
          qa: { categories: { databases: [{ name: "mysql-qa", password: "seed" }] } },
        },
      }),
    );
    const paths = (p: typeof before) => [...p.folders.map((f) => f.path), ...p.records.map((r) => r.path)];
    for (const p of paths(before)) assert.ok(paths(grown).includes(p), p);
    assert.ok(paths(grown).includes("qa/databases/mysql-qa"));
  });
});
