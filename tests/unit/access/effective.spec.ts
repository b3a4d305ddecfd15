import { strict as assert } from "node:assert";
import { effectiveAccess, GrantIndex } from "../../../provider/access/effective";
import { explain } from "../../../provider/access/explain";
import { allows, isDowngrade } from "../../../provider/access/levels";
import { grant, ids, nameOf, tree } from "./fixture";

const user = (id: string, groupIds: string[] = []) => ({ type: "user" as const, id, groupIds });

describe("access/effective: the contract's walk", () => {
  const t = tree();

  it("nothing on the walk means no access", () => {
    const r = effectiveAccess(
      t,
      new GrantIndex([grant(ids.staging, "user", ids.alice, "admin")]),
      user(ids.alice),
      ids.production,
    );
    assert.equal(r.level, "none");
    assert.equal(r.reason.kind, "none");
  });

  it("the nearest direct grant wins and is reported as inherited from where it sits", () => {
    const grants = new GrantIndex([
      grant(ids.vault, "user", ids.alice, "read"),
      grant(ids.production, "user", ids.alice, "edit"),
    ]);
    const r = effectiveAccess(t, grants, user(ids.alice), ids.databases);
    assert.equal(r.level, "edit");
    assert.ok(
      r.reason.kind === "direct" && r.reason.inherited && r.reason.grant.directoryId === ids.production,
    );
    assert.equal(explain(t, r.reason, nameOf), "direct grant: edit on infrastructure/production (inherited)");
    const onVault = effectiveAccess(t, grants, user(ids.alice), ids.vault);
    assert.equal(onVault.level, "read");
    assert.ok(onVault.reason.kind === "direct" && !onVault.reason.inherited);
  });

  it("a direct grant anywhere on the walk beats a nearer group grant", () => {
    const grants = new GrantIndex([
      grant(ids.vault, "user", ids.alice, "read"),
      grant(ids.production, "group", ids.platform, "admin"),
    ]);
    assert.equal(effectiveAccess(t, grants, user(ids.alice, [ids.platform]), ids.production).level, "read");
  });

  it("a direct forbidden grant hides a directory the groups would open", () => {
    const grants = new GrantIndex([
      grant(ids.production, "user", ids.alice, "forbidden"),
      grant(ids.production, "group", ids.platform, "full"),
    ]);
    const r = effectiveAccess(t, grants, user(ids.alice, [ids.platform]), ids.databases);
    assert.equal(r.level, "forbidden");
    assert.equal(allows(r.level, "read"), false);
  });

  it("the highest group grant at the nearest directory with any group grant decides", () => {
    const grants = new GrantIndex([
      grant(ids.vault, "group", ids.developers, "admin"),
      grant(ids.production, "group", ids.platform, "full"),
      grant(ids.production, "group", ids.developers, "read"),
    ]);
    const r = effectiveAccess(t, grants, user(ids.alice, [ids.platform, ids.developers]), ids.databases);
    assert.equal(r.level, "full"); // the vault's admin grant is farther away and does not count
    assert.equal(
      explain(t, r.reason, nameOf),
      "group platform: full on infrastructure/production (inherited; highest of platform full, developers read)",
    );
  });

  it("a forbidden group grant decides only when it is the only group grant there", () => {
    const both = new GrantIndex([
      grant(ids.production, "group", ids.platform, "forbidden"),
      grant(ids.production, "group", ids.developers, "read"),
    ]);
    assert.equal(
      effectiveAccess(t, both, user(ids.alice, [ids.platform, ids.developers]), ids.production).level,
      "read",
    );
    const only = new GrantIndex([
      grant(ids.production, "group", ids.platform, "forbidden"),
      grant(ids.vault, "group", ids.developers, "admin"),
    ]);
    assert.equal(
      effectiveAccess(t, only, user(ids.alice, [ids.platform, ids.developers]), ids.production).level,
      "forbidden",
    );
  });

  it("grants to groups the user is not in are ignored", () => {
    const grants = new GrantIndex([grant(ids.production, "group", ids.readonly, "admin")]);
    assert.equal(effectiveAccess(t, grants, user(ids.alice, [ids.platform]), ids.production).level, "none");
  });

  it("a group row gets the nearest grant to that group", () => {
    const grants = new GrantIndex([
      grant(ids.vault, "group", ids.platform, "read"),
      grant(ids.staging, "group", ids.platform, "full"),
    ]);
    const g = { type: "group" as const, id: ids.platform, groupIds: [] };
    assert.equal(effectiveAccess(t, grants, g, ids.staging).level, "full");
    assert.equal(effectiveAccess(t, grants, g, ids.databases).level, "read");
  });

  it("an unknown directory or a broken tree is an error, not silently no access", () => {
    assert.throws(
      () => effectiveAccess(t, new GrantIndex([]), user(ids.alice), "ffffffffffffffffffffffff"),
      /not in the tree/,
    );
  });

  it("levels: what each allows, and downgrades", () => {
    assert.deepEqual(
      (["none", "forbidden", "read", "edit", "full", "admin"] as const).map((l) =>
        ["read", "create", "rename", "grant"].filter((op) => allows(l, op as "read")),
      ),
      [
        [],
        [],
        ["read"],
        ["read", "create", "rename"],
        ["read", "create", "rename"],
        ["read", "create", "rename", "grant"],
      ],
    );
    assert.equal(isDowngrade("admin", "full"), true);
    assert.equal(isDowngrade("read", "admin"), false);
    assert.equal(isDowngrade("forbidden", "none"), false);
  });
});

describe("access/levels: per directory kind", () => {
  it("renaming a vault needs admin, renaming a folder needs edit", () => {
    assert.equal(allows("full", "rename", "vault"), false);
    assert.equal(allows("admin", "rename", "vault"), true);
    assert.equal(allows("edit", "rename", "folder"), true);
    assert.equal(allows("edit", "create", "vault"), true);
  });
});
