import { strict as assert } from "node:assert";
import { parseAccessRules, ruleViolations } from "../../../provider/access/access-rules";
import { claimDirectory, releaseDirectory, resetClaims } from "../../../provider/resources/access/claims";
import { grantLabel, planIsEmpty, planPolicy } from "../../../provider/access/policy-plan";
import { toWirePrincipal } from "../../../provider/access/principal";
import { ids, nameOf } from "./fixture";

describe("access/rules", () => {
  const rules = parseAccessRules(
    '[{"principalKind":"serviceAccount","pathPrefix":"/production/","maxLevel":"read"}]',
  );
  const sa = {
    principalKind: "serviceAccount" as const,
    principalName: "cred-rotator",
    vaultName: "infrastructure",
  };

  it("parses and normalises; empty or missing is no rule", () => {
    assert.deepEqual(rules, [
      { principalKind: "serviceAccount", pathPrefix: "production", maxLevel: "read" },
    ]);
    assert.deepEqual(parseAccessRules(undefined), []);
    assert.deepEqual(parseAccessRules(" "), []);
  });

  it("bad config names the key, the index and the field", () => {
    assert.throws(() => parseAccessRules("{oops"), /passwork:accessRules must be a JSON list/);
    assert.throws(
      () => parseAccessRules('[{"principalKind":"serviceAccount","pathPrefix":"x","maxLevel":"write"}]'),
      /passwork:accessRules\[0\]\.maxLevel: /,
    );
    assert.throws(
      () => parseAccessRules('[{"principalKind":"robot","pathPrefix":"x","maxLevel":"read"}]'),
      /\[0\]\.principalKind/,
    );
  });

  it("caps grants under the prefix and on its ancestors, not beside it", () => {
    assert.equal(ruleViolations(rules, { ...sa, pathInVault: "production", level: "read" }).length, 0);
    assert.match(
      ruleViolations(rules, { ...sa, pathInVault: "production/databases", level: "edit" })[0]!,
      /accessRules\[0\] allows at most read .* cred-rotator would get edit on infrastructure\/production\/databases/,
    );
    assert.equal(
      ruleViolations(rules, { ...sa, pathInVault: "", level: "edit" }).length,
      1,
      "a vault grant is inherited by production",
    );
    assert.equal(
      ruleViolations(rules, { ...sa, pathInVault: "production-old", level: "admin" }).length,
      0,
      "segment prefix, not string prefix",
    );
    assert.equal(ruleViolations(rules, { ...sa, pathInVault: "staging", level: "admin" }).length, 0);
    assert.equal(
      ruleViolations(rules, { ...sa, principalKind: "user", pathInVault: "production", level: "admin" })
        .length,
      0,
    );
    const scoped = parseAccessRules(
      '[{"principalKind":"group","pathPrefix":"","maxLevel":"full","vault":"other"}]',
    );
    assert.equal(
      ruleViolations(scoped, { ...sa, principalKind: "group", pathInVault: "", level: "admin" }).length,
      0,
    );
    assert.equal(
      ruleViolations(scoped, {
        ...sa,
        principalKind: "group",
        vaultName: "other",
        pathInVault: "x",
        level: "admin",
      }).length,
      1,
    );
  });
});

describe("access/policy plan", () => {
  const u = (id: string, level: "read" | "edit" | "admin") => ({
    principalType: "user" as const,
    principalId: id,
    level,
  });
  it("splits into add, change, remove and keep", () => {
    const plan = planPolicy(
      [u(ids.alice, "read"), u(ids.admin, "admin"), u(ids.healthChecker, "read")],
      [u(ids.admin, "admin"), u(ids.alice, "edit"), u(ids.deployProd, "read")],
    );
    assert.deepEqual(plan.add, [u(ids.deployProd, "read")]);
    assert.deepEqual(plan.change, [{ from: u(ids.alice, "read"), to: u(ids.alice, "edit") }]);
    assert.deepEqual(plan.remove, [u(ids.healthChecker, "read")]);
    assert.deepEqual(plan.keep, [u(ids.admin, "admin")]);
    assert.equal(planIsEmpty(plan), false);
    assert.equal(planIsEmpty(planPolicy([u(ids.alice, "read")], [u(ids.alice, "read")])), true);
    assert.equal(
      grantLabel(u(ids.healthChecker, "read"), nameOf),
      `user health-checker (${ids.healthChecker}): read`,
    );
  });

  it("maps principal inputs to wire principals (a service account is a user)", () => {
    assert.deepEqual(toWirePrincipal({ serviceAccountId: ids.deployProd }), {
      principalType: "user",
      principalId: ids.deployProd,
      declaredAs: "serviceAccountId",
    });
    assert.deepEqual(toWirePrincipal({ groupId: ids.platform }), {
      principalType: "group",
      principalId: ids.platform,
      declaredAs: "groupId",
    });
  });
});

describe("access/claims", () => {
  afterEach(resetClaims);
  it("refuses a single grant and a policy on the same directory, in either order", () => {
    claimDirectory(ids.production, "grant", "g1", "FolderAccess (user alice: read)");
    claimDirectory(ids.production, "grant", "g2", "FolderAccess (group platform: full)");
    assert.throws(
      () => claimDirectory(ids.production, "policy", "p1", "AccessPolicy on production"),
      /managed authoritatively by AccessPolicy on production, and FolderAccess \(user alice: read\) also declares/,
    );
    claimDirectory(ids.staging, "policy", "p2", "AccessPolicy on staging");
    claimDirectory(ids.staging, "policy", "p2", "AccessPolicy on staging");
    assert.throws(
      () => claimDirectory(ids.staging, "grant", "g3", "FolderAccess x"),
      /Move the grant into the AccessPolicy/,
    );
  });
  it("releasing frees the directory", () => {
    claimDirectory(ids.production, "grant", "g1", "x");
    releaseDirectory(ids.production, "g1");
    assert.doesNotThrow(() => claimDirectory(ids.production, "policy", "p1", "y"));
  });
});
