// A Layout access entry may connect a user or service account without access ("Connect without
// access"): the grant is planned like any other, the declared-access table walks past it, and a group
// declared with it is refused, naming the entry and saying what to do.
import assert from "node:assert/strict";
import { LayoutError } from "../../../sdk/layout/errors";
import { declaredAccess } from "../../../sdk/layout/outputs";
import { parseLayoutSpec } from "../../../sdk/layout/parse";
import { planLayout } from "../../../sdk/layout/plan";

describe("Layout: connect (Connect without access)", () => {
  const spec = {
    vault: { name: "infrastructure" },
    access: [{ user: "alice", level: "read" }],
    folders: {
      production: {
        access: [
          { user: "alice", level: "connect" },
          { serviceAccount: "deploy-svc", level: "connect" },
        ],
      },
    },
  };

  it("plans a connect grant for a user and a service account, and the declared walk goes past it", () => {
    const plan = planLayout(parseLayoutSpec(spec));
    const production = plan.folders.find((f) => f.path === "production")!;
    assert.deepEqual(
      production.access.map((g) => [g.kind, g.name, g.level]),
      [
        ["user", "alice", "connect"],
        ["serviceAccount", "deploy-svc", "connect"],
      ],
    );
    const table = declaredAccess(plan);
    const col = (kind: string, name: string) =>
      table.principals.findIndex((p) => p.kind === kind && p.name === name);
    const row = table.rows.find((r) => r.path === "production")!;
    // alice is connected without access on production: her vault level applies there.
    assert.deepEqual(row.cells[col("user", "alice")], { level: "read", from: "" });
    // deploy-svc has no level anywhere on the walk.
    assert.equal(row.cells[col("serviceAccount", "deploy-svc")], null);
  });

  it("refuses connect for a group, naming the entry and the fix", () => {
    const raw = {
      vault: { name: "infrastructure" },
      folders: { production: { access: [{ group: "dba", level: "connect" }] } },
    };
    assert.throws(
      () => planLayout(parseLayoutSpec(raw)),
      (e: unknown) => {
        assert.ok(e instanceof LayoutError);
        assert.deepEqual(e.problems, [
          'layout production: the group "dba" has level connect (Connect without access), which is for users and service accounts — remove the entry: a group without a level is "Not set" in Passwork, which is no grant',
        ]);
        return true;
      },
    );
  });
});
