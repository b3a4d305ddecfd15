// The policy pack run by the real Pulumi CLI (Automation API `policyPacks`) on inline programs against
// the emulator: the reference example (resource classes and Layout, in one stack) passes; a catalogue
// of violating resources fails preview with each expected rule and message; `mandatory` blocks `up`
// while `advisory` warns and proceeds; config changes levels, vocabularies and exceptions.
import * as assert from "assert";
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as passwork from "pulumi-passwork";
import { secretKeys } from "../../examples/infrastructure/layout";
import { example } from "../engine/examples";
import { rawApi } from "../engine/raw-passwork";
import { catalogueProgram, expected, GIVEN_PASSWORD } from "./catalogue";
import { openPolicyStack, PolicyFixture, PolicyRun, startPolicyFixture, Violation } from "./driver";

/** The violation text: the engine prefixes the rule's description on its own line. */
const text = (v: Violation) => v.message.trim().split("\n").pop()!;
const resourceOf = (v: Violation) => (v.urn ?? "").slice((v.urn ?? "").lastIndexOf("::") + 2);
const summary = (run: PolicyRun) =>
  run.violations.map((v) => `${v.policyName} on ${resourceOf(v)}: ${text(v)}`);

/** The reference example's organisation config: its rotator may edit production. */
const referenceConfig = { "passwork-service-account-ceiling": { accounts: { "cred-rotator": "edit" } } };

describe("policy pack: the real engine", function () {
  this.timeout(600_000);
  let fx: PolicyFixture;
  before(async () => {
    fx = await startPolicyFixture();
  });
  after(async () => fx?.close());

  it("passes the reference example, written with resource classes and as a Layout, in one stack", async () => {
    const project = "policy-reference";
    const config = { ...fx.config };
    for (const key of secretKeys)
      config[`${project}:${key}`] = { value: crypto.randomBytes(8).toString("hex"), secret: true };
    // The examples' own program files (examples/<name>/index.ts), as `pulumi up` runs them.
    const classes = example("infrastructure").program();
    const layout = example("layout").program();
    const stack = await openPolicyStack(
      project,
      async () => ({ classes: await classes(), layout: await layout() }),
      config,
    );
    try {
      const run = await stack.preview(referenceConfig);
      assert.deepStrictEqual(summary(run), []);
      assert.strictEqual(run.ok, true, run.error);
    } finally {
      await stack.dispose();
    }
  });

  describe("a catalogue of violations, one preview", () => {
    let run: PolicyRun;
    before(async () => {
      const stack = await openPolicyStack("policy-catalogue", catalogueProgram(), fx.config);
      try {
        run = await stack.preview();
      } finally {
        await stack.dispose();
      }
    });

    it("fails the preview", () => {
      assert.strictEqual(run.ok, false);
      assert.match(run.error ?? "", /preview failed|mandatory/i);
    });

    for (const e of expected) {
      it(`${e.rule} on ${e.resource}`, () => {
        const found = run.violations.filter((v) => v.policyName === e.rule && resourceOf(v) === e.resource);
        assert.deepStrictEqual(
          found.map(text).filter((m) => m === e.message),
          [e.message],
          `expected on ${e.resource}:\n  ${e.message}\nreported by ${e.rule}:\n  ${found.map(text).join("\n  ")}`,
        );
        assert.ok(found.every((v) => v.level === "mandatory"));
      });
    }

    it("reports nothing else, and never a secret value", () => {
      const wanted = new Set(expected.map((e) => `${e.rule} on ${e.resource}: ${e.message}`));
      assert.deepStrictEqual(
        summary(run).filter((s) => !wanted.has(s)),
        [],
      );
      assert.strictEqual(run.violations.length, expected.length);
      assert.ok(run.violations.every((v) => !v.message.includes(GIVEN_PASSWORD)));
      assert.ok(expected.length >= 20 && new Set(expected.map((e) => e.rule)).size === 14);
    });
  });

  describe("enforcement on up", () => {
    const program = (vaultName: string) => async () => {
      const vault = new passwork.Vault("up-vault", { name: vaultName, vaultType: "company" });
      new passwork.Record("secret1", {
        name: "secret1",
        vaultId: vault.id,
        tags: ["development", "db"],
        generatePassword: { length: 24 },
      });
    };

    it("mandatory: up fails and the violating record is not created", async () => {
      const stack = await openPolicyStack("policy-up-mandatory", program("up-mandatory"), fx.config);
      try {
        const run = await stack.up();
        assert.strictEqual(run.ok, false);
        assert.deepStrictEqual(
          run.violations.map((v) => [v.policyName, v.level, text(v)]),
          [
            [
              "passwork-purposeful-names",
              "mandatory",
              `Record "secret1": name "secret1" is a placeholder, not a purpose — name it for what it holds, e.g. mysql-primary or aws-credentials`,
            ],
          ],
        );
        assert.deepStrictEqual(await recordNames(fx, "up-mandatory"), []);
      } finally {
        await stack.dispose();
      }
    });

    it("advisory: up warns and creates the records; stack rules judge the created resources' outputs", async () => {
      const stack = await openPolicyStack(
        "policy-up-advisory",
        async () => {
          await program("up-advisory")();
          const vault = new passwork.Vault("up-vault-2", { name: "up-advisory-paths", vaultType: "company" });
          const prod = new passwork.Folder("up-prod", { name: "production", vaultId: vault.id });
          new passwork.Record("cache-staging", {
            name: "cache-staging",
            vaultId: vault.id,
            folderId: prod.id,
            tags: ["staging", "db"],
            description: "Cache credentials, filed in the wrong branch",
            generatePassword: { length: 24 },
          });
        },
        fx.config,
      );
      try {
        const run = await stack.up({
          "passwork-purposeful-names": "advisory",
          "passwork-environment-matches-path": "advisory",
        });
        assert.strictEqual(run.ok, true, run.error);
        assert.strictEqual(run.created, 6); // the stack, two vaults, a folder, two records
        assert.deepStrictEqual(run.violations.map((v) => [v.policyName, v.level, text(v)]).sort(), [
          [
            "passwork-environment-matches-path",
            "advisory",
            `Record "cache-staging": tag "staging" disagrees with its folder path "production" (environment production) — tag it production or move it under a staging folder`,
          ],
          [
            "passwork-purposeful-names",
            "advisory",
            `Record "secret1": name "secret1" is a placeholder, not a purpose — name it for what it holds, e.g. mysql-primary or aws-credentials`,
          ],
        ]);
        assert.deepStrictEqual(await recordNames(fx, "up-advisory"), ["secret1"]);
        assert.deepStrictEqual(await recordNames(fx, "up-advisory-paths"), ["cache-staging"]);
      } finally {
        await stack.dispose();
      }
    });
  });

  it("config changes enforcement levels, vocabularies, limits and exceptions", async () => {
    const stack = await openPolicyStack(
      "policy-config",
      async () => {
        const vault = new passwork.Vault("config-vault", { name: "config-checks", vaultType: "company" });
        const prod = new passwork.Folder("cfg-prod", { name: "prod", vaultId: vault.id });
        const rotator = new passwork.ServiceAccount("rotator", { login: "cred-rotator" });
        new passwork.FolderAccess("rotator-edit", {
          folderId: prod.id,
          principal: { serviceAccountId: rotator.id },
          level: "edit",
        });
        const record = (name: string, tags: string[], extra: Partial<passwork.RecordArgs> = {}) =>
          new passwork.Record(name, {
            name,
            vaultId: vault.id,
            folderId: prod.id,
            tags,
            description: "Configured vocabulary check",
            generatePassword: { length: 20 },
            ...extra,
          });
        record("orders-db", ["prod", "database"]);
        record("billing-db", ["production", "database"]);
        record("legacy-token", ["prod", "database"], {
          password: pulumi.secret(GIVEN_PASSWORD),
          generatePassword: undefined,
        });
        record("search-index", ["prod", "database"], { customFields: { db_host: { value: "h" } } });
      },
      fx.config,
    );
    try {
      const run = await stack.preview({
        // vocabularies: environments prod/stage/dev, categories database/queue
        "passwork-environment-tag": { environments: ["prod", "stage", "dev"] },
        "passwork-environment-matches-path": { environments: ["prod", "stage", "dev"] },
        "passwork-category-tag": { categories: ["database", "queue"] },
        "passwork-production-descriptions": { environments: ["prod"], production: ["prod"] },
        "passwork-service-account-ceiling": {
          environments: ["prod", "stage", "dev"],
          production: ["prod"],
          accounts: { "cred-rotator": "edit" },
        },
        // a limit raised, a rule made advisory, one disabled, one resource excepted
        "passwork-generated-password-length": { minLength: 24 },
        "passwork-generated-passwords": { enforcementLevel: "advisory", exceptions: [] },
        "passwork-field-names": "disabled",
        "passwork-purposeful-names": { exceptions: ["billing-db"] },
      });
      assert.deepStrictEqual(summary(run).sort(), [
        `passwork-environment-tag on billing-db: Record "billing-db": tags carry no environment tag — add exactly one of prod, stage, dev`,
        `passwork-generated-password-length on billing-db: Record "billing-db": generatePassword.length is 20, below the minimum of 24 — set generatePassword.length to 24 or more`,
        `passwork-generated-password-length on orders-db: Record "orders-db": generatePassword.length is 20, below the minimum of 24 — set generatePassword.length to 24 or more`,
        `passwork-generated-password-length on search-index: Record "search-index": generatePassword.length is 20, below the minimum of 24 — set generatePassword.length to 24 or more`,
        `passwork-generated-passwords on legacy-token: Record "legacy-token": password is given in the program — use generatePassword (rotated by the provider), or passwordMode "seed" if people own it after the first write`,
      ]);
      const advisory = run.violations.filter((v) => v.policyName === "passwork-generated-passwords");
      assert.deepStrictEqual(
        advisory.map((v) => v.level),
        ["advisory"],
      );
    } finally {
      await stack.dispose();
    }
  });
});

/** Names of the records in the vault named `vaultName` on the emulator (none when there is no such vault). */
async function recordNames(fx: PolicyFixture, vaultName: string): Promise<string[]> {
  const api = rawApi(fx.emulator.url, fx.emulator.adminTokens.accessToken);
  const list = (r: any): any[] => (Array.isArray(r) ? r : (r?.items ?? []));
  const vault = list(await api.get("/vaults")).find((v) => v.name === vaultName);
  if (vault === undefined) return [];
  return list(await api.get(`/items?vaultId=${vault.id}`)).map((i) => i.name);
}
