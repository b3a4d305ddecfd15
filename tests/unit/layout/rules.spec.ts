/**
 * Every naming and structure rule of a Layout, each with a failing input and the exact line the user
 * sees; plus "all problems at once" and the shape errors from the schema.
 */
import assert from "node:assert/strict";
import { LayoutError } from "../../../sdk/layout/errors";
import { isPlaceholder } from "../../../sdk/layout/naming";
import { parseLayoutSpec } from "../../../sdk/layout/parse";
import { planLayout } from "../../../sdk/layout/plan";

/** Parses and plans; returns the problems (empty when the declaration is fine). */
function problemsOf(raw: unknown): readonly string[] {
  try {
    planLayout(parseLayoutSpec(raw));
    return [];
  } catch (e) {
    if (e instanceof LayoutError) return e.problems;
    throw e;
  }
}

/** A one-record declaration under production/databases with the given record (or name). */
function withRecord(record: Record<string, unknown>) {
  return {
    vault: { name: "infrastructure" },
    environments: { production: { categories: { databases: [record] } } },
  };
}

describe("Layout naming and structure rules", () => {
  it("accepts a purposeful declaration", () => {
    assert.deepEqual(
      problemsOf(
        withRecord({
          name: "mysql-primary",
          password: "seed",
          customFields: { MYSQL_ROOT_PASS: { value: "x" } },
        }),
      ),
      [],
    );
  });

  describe("placeholder names", () => {
    const cases: [string, string][] = [
      ["secret1", "production/databases/secret1"],
      ["temp-pass", "production/databases/temp-pass"],
      ["asdf123", "production/databases/asdf123"],
      ["test", "production/databases/test"],
      ["New_Record", "production/databases/New_Record"],
      ["password01", "production/databases/password01"],
      ["xxxx", "production/databases/xxxx"],
      ["1234", "production/databases/1234"],
    ];
    for (const [name, path] of cases) {
      it(`rejects the record name "${name}"`, () => {
        assert.deepEqual(problemsOf(withRecord({ name })), [
          `layout ${path}: "${name}" is a placeholder name, not a purpose — name the record for its purpose, e.g. mysql-primary (what system or credential it holds)`,
        ]);
      });
    }

    it("rejects a placeholder folder name with its path", () => {
      const raw = {
        vault: { name: "infrastructure" },
        folders: { "new-folder": { records: [{ name: "mysql-primary" }] } },
      };
      assert.deepEqual(problemsOf(raw), [
        'layout new-folder: "new-folder" is a placeholder name, not a purpose — name the folder for its purpose, e.g. databases (what system or credential it holds)',
      ]);
    });

    it("does not flag purposeful names that contain a generic word", () => {
      for (const name of [
        "mysql-primary",
        "aws-credentials",
        "cluster-admin",
        "k8s",
        "api-key",
        "db",
        "redis-test-cache",
        "memcached-sessions",
      ]) {
        assert.equal(isPlaceholder(name), false, name);
      }
    });
  });

  describe("shape of names", () => {
    it("rejects whitespace and suggests dashes", () => {
      assert.deepEqual(problemsOf(withRecord({ name: "mysql primary" })), [
        'layout production/databases/mysql primary: the record name "mysql primary" contains whitespace — use dashes or underscores instead (e.g. "mysql-primary")',
      ]);
    });

    it("rejects a slash", () => {
      assert.deepEqual(problemsOf(withRecord({ name: "mysql/primary" })), [
        'layout production/databases/mysql/primary: the record name "mysql/primary" contains "/" — use a nested folder instead of a slash, or a dash (-) in the name',
      ]);
    });

    it("rejects control characters, naming the code point", () => {
      assert.deepEqual(problemsOf(withRecord({ name: "mysql\u0007primary" })), [
        "layout production/databases/mysql\u0007primary: the record name contains the control character U+0007 — remove it; names must be printable text",
      ]);
    });

    it("rejects a name that is too short", () => {
      assert.deepEqual(problemsOf(withRecord({ name: "m" })), [
        'layout production/databases/m: the record name "m" is too short (1 character) — name the record for its purpose, e.g. mysql-primary',
      ]);
    });

    it("rejects an empty name", () => {
      assert.deepEqual(problemsOf(withRecord({ name: "" })), [
        "layout production/databases/(unnamed record): the record name is empty — name the record for its purpose, e.g. mysql-primary",
      ]);
    });

    it("rejects an over-long name", () => {
      const name = `mysql-${"a".repeat(260)}`;
      assert.deepEqual(problemsOf(withRecord({ name })), [
        `layout production/databases/${name}: the record name is ${name.length} characters long; the maximum is 255 — shorten it`,
      ]);
    });

    it("checks environment and category names too", () => {
      const raw = {
        vault: { name: "infrastructure" },
        environments: { test: { categories: { stuff: [] } } },
      };
      assert.deepEqual(problemsOf(raw), [
        'layout test: "test" is a placeholder name, not a purpose — name the environment for its purpose, e.g. production (what system or credential it holds)',
        'layout test/stuff: "stuff" is a placeholder name, not a purpose — name the category for its purpose, e.g. databases (what system or credential it holds)',
      ]);
    });
  });

  describe("custom fields", () => {
    it("requires environment-variable style and suggests the fix", () => {
      assert.deepEqual(
        problemsOf(
          withRecord({ name: "mysql-primary", customFields: { "mysql-root pass": { value: "x" } } }),
        ),
        [
          'layout production/databases/mysql-primary: the custom field name "mysql-root pass" is not environment-variable style (^[A-Z][A-Z0-9_]*$) — rename it to MYSQL_ROOT_PASS',
        ],
      );
    });

    it("rejects a lower-case and a digit-first name", () => {
      assert.deepEqual(
        problemsOf(
          withRecord({
            name: "mysql-primary",
            customFields: { redisAuth: { value: "x" }, "1PORT": { value: "x", type: "text" } },
          }),
        ),
        [
          'layout production/databases/mysql-primary: the custom field name "redisAuth" is not environment-variable style (^[A-Z][A-Z0-9_]*$) — rename it to REDISAUTH',
          'layout production/databases/mysql-primary: the custom field name "1PORT" is not environment-variable style (^[A-Z][A-Z0-9_]*$) — use capitals, digits and _ starting with a letter, e.g. MYSQL_ROOT_PASS',
        ],
      );
    });
  });

  describe("passwork-cli exec variables", () => {
    it("rejects two records in one folder that yield the same variable", () => {
      const raw = {
        vault: { name: "infrastructure" },
        folders: {
          databases: {
            records: [
              { name: "mysql-primary", password: "seed" },
              { name: "mysql_primary", password: "seed" },
            ],
          },
        },
      };
      assert.deepEqual(problemsOf(raw), [
        "layout databases/mysql_primary: the password of mysql_primary and the password of mysql-primary both become the passwork-cli exec variable mysql_primary in databases — rename one of them (the later one would silently overwrite the earlier)",
      ]);
    });

    it("rejects a custom field that collides with another record's field", () => {
      const raw = withRecord({ name: "mysql-primary", customFields: { DB_PASS: { value: "x" } } });
      raw.environments.production.categories.databases.push({
        name: "mysql-replica",
        customFields: { DB_PASS: { value: "y" } },
      });
      assert.deepEqual(problemsOf(raw), [
        "layout production/databases/mysql-replica: the field DB_PASS of mysql-replica and the field DB_PASS of mysql-primary both become the passwork-cli exec variable DB_PASS in production/databases — rename one of them (the later one would silently overwrite the earlier)",
      ]);
    });

    it("ignores records without a password and totp fields (they yield no variable)", () => {
      const raw = {
        vault: { name: "infrastructure" },
        folders: {
          databases: {
            records: [
              { name: "mysql-primary", customFields: { OTP_SEED: { value: "x", type: "totp" } } },
              { name: "mysql_primary", customFields: { OTP_SEED: { value: "y", type: "totp" } } },
            ],
          },
        },
      };
      assert.deepEqual(problemsOf(raw), []);
    });
  });

  describe("siblings", () => {
    it("rejects duplicate record names in one folder", () => {
      const raw = withRecord({ name: "mysql-primary" });
      raw.environments.production.categories.databases.push({ name: "mysql-primary" });
      assert.deepEqual(problemsOf(raw), [
        'layout production/databases/mysql-primary: production/databases has two records named "mysql-primary" — give each record a distinct name or merge them',
      ]);
    });

    it("rejects names that differ only in case", () => {
      const raw = {
        vault: { name: "infrastructure" },
        environments: { production: {} },
        folders: { Production: {} },
      };
      assert.deepEqual(problemsOf(raw), [
        'layout Production: the vault root has folders "production" and "Production" differ only in case — give each folder a distinct name or merge them',
      ]);
    });

    it("rejects a category and a plain folder with the same name", () => {
      const raw = {
        vault: { name: "infrastructure" },
        environments: { production: { categories: { databases: [] }, folders: { databases: {} } } },
      };
      assert.deepEqual(problemsOf(raw), [
        'layout production/databases: production has two folders named "databases" — give each folder a distinct name or merge them',
      ]);
    });

    it("rejects a record named like a sibling folder", () => {
      const raw = {
        vault: { name: "infrastructure" },
        folders: { databases: { folders: { mysql: {} }, records: [{ name: "mysql" }] } },
      };
      assert.deepEqual(problemsOf(raw), [
        'layout databases/mysql: a record and a folder in databases are both named "mysql" — rename one of them; paths must name one thing',
      ]);
    });
  });

  describe("access and identities", () => {
    it("rejects the same principal twice in one access list", () => {
      const raw = {
        vault: { name: "infrastructure" },
        environments: {
          production: {
            access: [
              { serviceAccount: "deploy-prod-svc", level: "read" },
              { serviceAccount: "deploy-prod-svc", level: "edit" },
            ],
          },
        },
      };
      assert.deepEqual(problemsOf(raw), [
        'layout production: the access list names serviceAccount "deploy-prod-svc" twice — keep one entry with the level you mean',
      ]);
    });

    it("rejects an entry naming two principals", () => {
      const raw = {
        vault: { name: "infrastructure" },
        access: [{ serviceAccount: "a-svc", group: "ops", level: "read" }],
      };
      assert.deepEqual(problemsOf(raw), [
        "layout (vault): access[0] must name exactly one of serviceAccount, user or group — fix the declaration (see docs/layout.md)",
      ]);
    });

    it("rejects an unknown level, listing the levels", () => {
      const raw = {
        vault: { name: "infrastructure" },
        folders: { databases: { access: [{ group: "dba", level: "write" }] } },
      };
      assert.deepEqual(problemsOf(raw), [
        'layout databases: access[0].level must be one of forbidden, read, edit, full, admin, connect — use one of "forbidden", "read", "edit", "full", "admin", "connect"',
      ]);
    });

    it("rejects a slash in a principal name and a duplicate identity", () => {
      const raw = {
        vault: { name: "infrastructure" },
        access: [{ group: "ops/dba", level: "read" }],
        identities: { serviceAccounts: [{ login: "deploy-prod-svc" }, { login: "deploy-prod-svc" }] },
      };
      assert.deepEqual(problemsOf(raw), [
        'layout (vault): the group name "ops/dba" contains "/" — remove the slash',
        'layout (vault): identities declares the service account login "deploy-prod-svc" twice — declare each identity once',
      ]);
    });
  });

  describe("tags", () => {
    it("rejects an empty and an over-long tag", () => {
      const raw = withRecord({ name: "mysql-primary", tags: ["", "t".repeat(70)] });
      assert.deepEqual(problemsOf(raw), [
        "layout production/databases/mysql-primary: the tag is empty — give the tag",
        `layout production/databases/mysql-primary: the tag "${"t".repeat(20)}…" is 70 characters long — shorten it to at most 64`,
      ]);
    });
  });

  describe("shape (schema) errors name the tree path", () => {
    it("an unknown field in a record", () => {
      assert.deepEqual(problemsOf(withRecord({ name: "mysql-primary", pasword: "seed" })), [
        'layout production/databases/mysql-primary: unknown field "pasword" — remove it or fix its spelling (see docs/layout.md for the fields)',
      ]);
    });

    it("a wrong type deep in a nested folder", () => {
      const raw = {
        vault: { name: "infrastructure" },
        folders: { cloud: { folders: { aws: { records: [{ name: "aws-credentials", login: 42 }] } } } },
      };
      assert.deepEqual(problemsOf(raw), [
        "layout cloud/aws/aws-credentials: login invalid input: expected string, received number — write a string there",
      ]);
    });

    it("a bad password form and a bad custom-field type", () => {
      const raw = withRecord({
        name: "mysql-primary",
        password: "hunter2",
        customFields: { MYSQL_ROOT_PASS: { value: "x", type: "secret" } },
      });
      const problems = problemsOf(raw);
      assert.equal(problems.length, 2);
      assert.equal(
        problems[0],
        'layout production/databases/mysql-primary: password must be "seed", "generate", {value}, {generate: {...}, rotation?} or {seed: {...}} — fix the declaration (see docs/layout.md)',
      );
      // A given password is never echoed back in a message.
      assert.ok(!problems.join("\n").includes("hunter2"));
      assert.match(
        problems[1]!,
        /^layout production\/databases\/mysql-primary: customFields\.MYSQL_ROOT_PASS /,
      );
    });

    it("a missing vault", () => {
      assert.deepEqual(problemsOf({ folders: {} }), [
        "layout (vault): vault invalid input: expected object, received undefined — write an object there",
      ]);
    });
  });

  it("reports every problem together, in one error", () => {
    const raw = {
      vault: { name: "infrastructure" },
      environments: {
        production: {
          categories: {
            databases: [
              { name: "secret1" },
              { name: "mysql-primary", customFields: { root_pass: { value: "x" } } },
            ],
          },
        },
        staging: { folders: { "new-folder": {} } },
      },
    };
    try {
      planLayout(parseLayoutSpec(raw));
      assert.fail("expected a LayoutError");
    } catch (e) {
      assert.ok(e instanceof LayoutError);
      assert.equal(e.problems.length, 3);
      assert.match(
        e.message,
        /^The Layout declaration has 3 problems:\n {2}- layout production\/databases\/secret1: /,
      );
      assert.match(
        e.message,
        /layout production\/databases\/mysql-primary: the custom field name "root_pass"/,
      );
      assert.match(e.message, /layout staging\/new-folder: "new-folder" is a placeholder/);
    }
  });
});
