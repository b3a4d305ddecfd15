// The rules without the CLI: resources are handed to them the way @pulumi/policy does (properties
// behind its unknown-checking proxy), so what a first preview cannot know yet is exercised directly:
// unknown values skip the check they feed, and nothing turns into "can't run during preview".
import * as assert from "assert";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { allPolicies } from "../../policy/policies";
import { TYPES } from "../../policy/types";

/** @pulumi/policy's sentinels for unknown string / array values (proxy.ts). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";

const byName = new Map(allPolicies.map((p) => [p.name, p]));

function runResource(rule: string, type: string, name: string, props: object, config: object = {}): string[] {
  const policy = byName.get(rule) as ResourceValidationPolicy;
  const out: string[] = [];
  const validate = policy.validateResource as (args: any, report: (m: string) => void) => void;
  validate(
    {
      type,
      name,
      urn: `urn:pulumi:s::p::${type}::${name}`,
      props: unknownCheckingProxy(props),
      getConfig: () => config,
    },
    (m) => out.push(m),
  );
  return out;
}

interface FakeResource {
  type: string;
  name: string;
  props: object;
  deps?: { [prop: string]: FakeResource[] };
  parentType?: string;
}

function runStack(rule: string, resources: FakeResource[], config: object = {}): string[] {
  const policy = byName.get(rule) as StackValidationPolicy;
  const urn = (r: FakeResource) => `urn:pulumi:s::p::${r.type}::${r.name}`;
  const built: PolicyResource[] = resources.map(
    (r) =>
      ({
        type: r.type,
        name: r.name,
        urn: urn(r),
        props: unknownCheckingProxy(r.props),
        dependencies: [],
        propertyDependencies: {},
        ...(r.parentType ? { parent: { type: r.parentType } } : {}),
      }) as unknown as PolicyResource,
  );
  resources.forEach((r, i) => {
    for (const [prop, deps] of Object.entries(r.deps ?? {}))
      built[i]!.propertyDependencies[prop] = deps.map((d) => built[resources.indexOf(d)]!);
  });
  const out: string[] = [];
  const validate = policy.validateStack as (args: any, report: (m: string) => void) => void;
  validate({ resources: built, getConfig: () => config }, (m) => out.push(m));
  return out;
}

describe("policy rules (no CLI)", () => {
  it("every rule has a name, a description, mandatory as default and a config schema with exceptions", () => {
    assert.strictEqual(allPolicies.length, 14);
    for (const p of allPolicies) {
      assert.match(p.name, /^passwork-[a-z-]+$/);
      assert.ok(p.description.length > 20, p.name);
      assert.strictEqual(p.enforcementLevel, "mandatory", p.name);
      assert.ok(p.configSchema?.properties["exceptions"], p.name);
    }
  });

  it("unknown values skip the checks they feed instead of failing the rule", () => {
    const props = {
      name: UNKNOWN_STRING,
      vaultId: UNKNOWN_STRING,
      tags: UNKNOWN_ARRAY,
      customFields: { DB_HOST: { value: UNKNOWN_STRING, type: "text" } },
      generatePassword: { length: 8 },
    };
    for (const rule of ["passwork-purposeful-names", "passwork-environment-tag", "passwork-category-tag"])
      assert.deepStrictEqual(runResource(rule, TYPES.record, "r", props), [], rule);
    // A known property next to unknown ones is still checked.
    assert.deepStrictEqual(runResource("passwork-generated-password-length", TYPES.record, "r", props), [
      `Record "r": generatePassword.length is 8, below the minimum of 16 — set generatePassword.length to 16 or more`,
    ]);
  });

  describe("paths", () => {
    const vault: FakeResource = { type: TYPES.vault, name: "v", props: { name: "vault-a" } };
    const prod: FakeResource = {
      type: TYPES.folder,
      name: "prod",
      props: { name: "production", vaultId: UNKNOWN_STRING },
      deps: { vaultId: [vault] },
    };
    const db: FakeResource = {
      type: TYPES.folder,
      name: "db",
      props: { name: "databases", vaultId: UNKNOWN_STRING, parentFolderId: UNKNOWN_STRING },
      deps: { vaultId: [vault], parentFolderId: [prod] },
    };
    const record = (name: string, folder: FakeResource | string, tags: unknown): FakeResource => ({
      type: TYPES.record,
      name,
      props: {
        name,
        vaultId: UNKNOWN_STRING,
        folderId: typeof folder === "string" ? folder : UNKNOWN_STRING,
        tags,
        description: "A described record",
      },
      deps: typeof folder === "string" ? { vaultId: [vault] } : { vaultId: [vault], folderId: [folder] },
    });

    it("a first preview resolves a record's path through the folders its ids depend on", () => {
      assert.deepStrictEqual(
        runStack("passwork-environment-matches-path", [
          vault,
          prod,
          db,
          record("mysql-main", db, ["staging", "db"]),
        ]),
        [
          `Record "mysql-main": tag "staging" disagrees with its folder path "production/databases" (environment production) — tag it production or move it under a staging folder`,
        ],
      );
    });

    it("after an update the folders' path outputs give the path", () => {
      const known = { ...db, props: { ...db.props, path: "production/databases" }, deps: {} };
      const r = record("mysql-main", "65a0000000000000000000aa", ["staging", "db"]);
      r.deps = { folderId: [known] };
      assert.deepStrictEqual(runStack("passwork-environment-matches-path", [vault, known, r]).length, 1);
    });

    it("a folder outside the stack (a literal id) has no path: path rules skip the record", () => {
      const r = record("mysql-main", "65a0000000000000000000aa", ["staging", "db"]);
      assert.deepStrictEqual(runStack("passwork-environment-matches-path", [vault, prod, db, r]), []);
    });

    it("unknown tags skip the path rule and the tag part of the description rule", () => {
      const r = record("mysql-main", db, UNKNOWN_ARRAY);
      (r.props as any).description = "";
      assert.deepStrictEqual(runStack("passwork-environment-matches-path", [vault, prod, db, r]), []);
      // Still production by path.
      assert.strictEqual(runStack("passwork-production-descriptions", [vault, prod, db, r]).length, 1);
    });
  });

  describe("principals", () => {
    const vault: FakeResource = { type: TYPES.vault, name: "v", props: { name: "vault-a" } };
    const prod: FakeResource = {
      type: TYPES.folder,
      name: "prod",
      props: { name: "production", vaultId: UNKNOWN_STRING },
      deps: { vaultId: [vault] },
    };
    const grant = (
      name: string,
      principal: object,
      level: string,
      deps: FakeResource[] = [],
    ): FakeResource => ({
      type: TYPES.folderAccess,
      name,
      props: { folderId: UNKNOWN_STRING, principal, level },
      deps: { folderId: [prod], principal: deps },
    });

    it("a service account given as userId is still a service account when the id comes from one", () => {
      const sa: FakeResource = { type: TYPES.serviceAccount, name: "sa", props: { login: "ci-svc" } };
      const g = grant("ci-edit", { userId: UNKNOWN_STRING }, "edit", [sa]);
      assert.deepStrictEqual(runStack("passwork-service-account-ceiling", [vault, prod, sa, g]), [
        `FolderAccess "ci-edit": level "edit" for service account "ci-svc" on production folder "production" is above read — lower level to read, or allow it in the policy config (accounts: {"ci-svc": "edit"})`,
      ]);
      assert.deepStrictEqual(runStack("passwork-groups-only-on-production", [vault, prod, sa, g]), []);
    });

    it("a known id is named when a principal resource of the stack holds it (after an update)", () => {
      const group: FakeResource = {
        type: TYPES.group,
        name: "g",
        props: { name: "platform", groupId: "65a0000000000000000000bb" },
      };
      const g = grant("platform-read", { groupId: "65a0000000000000000000bb" }, "read");
      assert.deepStrictEqual(runStack("passwork-named-principals", [vault, prod, group, g]), []);
      const stranger = grant("stranger-read", { groupId: "65a0000000000000000000cc" }, "read");
      assert.strictEqual(runStack("passwork-named-principals", [vault, prod, group, stranger]).length, 1);
      assert.deepStrictEqual(
        runStack("passwork-named-principals", [vault, prod, group, stranger], {
          knownPrincipals: { "65a0000000000000000000cc": "auditors (security team)" },
        }),
        [],
      );
    });

    it("a vault grant reaches production; forbidden user grants are allowed", () => {
      const va: FakeResource = {
        type: TYPES.vaultAccess,
        name: "alice-all",
        props: { vaultId: UNKNOWN_STRING, principal: { userId: "65a0000000000000000000dd" }, level: "read" },
        deps: { vaultId: [vault] },
      };
      assert.strictEqual(runStack("passwork-groups-only-on-production", [vault, prod, va]).length, 1);
      const denied = grant("bob-denied", { userId: "65a0000000000000000000ee" }, "forbidden");
      assert.deepStrictEqual(runStack("passwork-groups-only-on-production", [vault, prod, denied]), []);
    });

    it("connect (Connect without access) gives no level: groups-only and the service-account ceiling let it pass", () => {
      const sa: FakeResource = { type: TYPES.serviceAccount, name: "sa", props: { login: "ci-svc" } };
      const member = grant("alice-member", { userId: "65a0000000000000000000dd" }, "connect");
      assert.deepStrictEqual(runStack("passwork-groups-only-on-production", [vault, prod, member]), []);
      const ci = grant("ci-member", { serviceAccountId: UNKNOWN_STRING }, "connect", [sa]);
      assert.deepStrictEqual(runStack("passwork-service-account-ceiling", [vault, prod, sa, ci]), []);
      // The same grants with a level are still reported: the exemption is connect's alone.
      const alice = grant("alice-read", { userId: "65a0000000000000000000dd" }, "read");
      assert.strictEqual(runStack("passwork-groups-only-on-production", [vault, prod, alice]).length, 1);
      const ciEdit = grant("ci-edit", { serviceAccountId: UNKNOWN_STRING }, "edit", [sa]);
      assert.strictEqual(runStack("passwork-service-account-ceiling", [vault, prod, sa, ciEdit]).length, 1);
    });

    it("admin grants and the vault type count towards a vault's administrators", () => {
      const personal: FakeResource = {
        type: TYPES.vault,
        name: "p",
        props: { name: "team-notes", vaultType: "privateShared" },
      };
      const admins: FakeResource = {
        type: TYPES.group,
        name: "admins",
        props: { name: "vault-admins" },
      };
      const adminGrant: FakeResource = {
        type: TYPES.vaultAccess,
        name: "admins-admin",
        props: { vaultId: UNKNOWN_STRING, principal: { groupId: UNKNOWN_STRING }, level: "admin" },
        deps: { vaultId: [personal], principal: [admins] },
      };
      assert.strictEqual(runStack("passwork-vault-administrators", [personal]).length, 1);
      assert.deepStrictEqual(runStack("passwork-vault-administrators", [personal, admins, adminGrant]), []);
      assert.deepStrictEqual(
        runStack("passwork-vault-administrators", [personal], {
          implicitAdministrators: { privateShared: 1 },
        }),
        [],
      );
      assert.strictEqual(runStack("passwork-vault-administrators", [vault], { minimum: 3 }).length, 1);
    });
  });

  it("naming style: a fixed style per vault overrides the majority", () => {
    const vault: FakeResource = { type: TYPES.vault, name: "v", props: { name: "legacy" } };
    const rec = (name: string): FakeResource => ({
      type: TYPES.record,
      name,
      props: { name, vaultId: UNKNOWN_STRING },
      deps: { vaultId: [vault] },
    });
    const resources = [vault, rec("mysql-main"), rec("redis-cache"), rec("aws_keys")];
    assert.deepStrictEqual(
      runStack("passwork-one-naming-style", resources).map((m) => m.slice(0, m.indexOf(":"))),
      ['Record "aws_keys"'],
    );
    assert.deepStrictEqual(
      runStack("passwork-one-naming-style", resources, { vaults: { legacy: "snake_case" } }).map((m) =>
        m.slice(0, m.indexOf(":")),
      ),
      ['Record "mysql-main"', 'Record "redis-cache"'],
    );
  });
});
