// "Connect without access" through the real Pulumi CLI: a program connects a user to a vault without
// access next to a group's grant; `up` sets it, the review output shows the membership state and the
// group's level, and a group declared with `connect` fails at preview naming the field.
import * as assert from "assert";
import * as passwork from "pulumi-passwork";
import { EngineStack, openEngineStack } from "./harness";
import { InfraFixture, startInfraFixture } from "./fixtures";

describe("engine: connect (Connect without access)", function () {
  this.timeout(240_000);
  let fx: InfraFixture;
  const stacks: EngineStack[] = [];
  let bob: string;

  before(async () => {
    fx = await startInfraFixture();
    bob = (await fx.emulator.seedUser({ login: "bob" })).id;
  });
  after(async () => {
    for (const s of stacks) await s.dispose();
    await fx?.close();
  });

  let groupLevel: "read" | "connect" = "read";
  const program = async () => {
    const vault = new passwork.Vault("ops", { name: "ops-vault", vaultType: "company" });
    const team = new passwork.Group("team", { name: "ops-team", members: [bob] });
    const teamAccess = new passwork.VaultAccess("team", {
      vaultId: vault.id,
      principal: { groupId: team.id },
      level: groupLevel,
    });
    const bobAccess = new passwork.VaultAccess("bob", {
      vaultId: vault.id,
      principal: { userId: bob },
      level: "connect",
    });
    const review = passwork.effectiveAccess({ vaultId: vault.id, dependsOn: [teamAccess, bobAccess] });
    return { vaultId: vault.id, markdown: review.markdown };
  };

  it("up connects the user without access; the review shows the membership and the group's level", async () => {
    const stack = await openEngineStack({ projectName: "connect-access", program, config: fx.config });
    stacks.push(stack);
    const run = await stack.up();
    assert.deepStrictEqual(run.summary, { create: 5 }, "the stack, a vault, a group and two grants");
    const vaultId = String(run.outputs?.["vaultId"]);
    const grants = (await fx.api.get(`/vaults/${vaultId}/access`)).items as {
      principalId: string;
      access: string;
    }[];
    assert.strictEqual(grants.find((g) => g.principalId === bob)?.access, "connect");
    const md = String(run.outputs?.["markdown"]);
    assert.match(
      md,
      /\| user bob \| direct \(Connect without access on ops-vault\); through group ops-team \|/,
    );
    assert.match(
      md,
      /\| user bob \| ops-vault \| read \| group ops-team: read on ops-vault; connected without access on ops-vault: the groups' level applies \| Read only \|/,
    );

    const again = await stack.preview();
    assert.deepStrictEqual(again.summary, { same: 5 }, "connect reads back without drift");
  });

  it("a group with connect fails at preview, naming the field and what to do", async () => {
    const stack = stacks[0]!;
    groupLevel = "connect";
    await assert.rejects(stack.preview(), (err: Error) => {
      const text = `${err.message}\n${stack.collectedOutput()}`;
      assert.match(
        text,
        /VaultAccess resource 'team': property level value \{connect\} has a problem: connect \("Connect without access"\) is for users and service accounts/,
        text.slice(-3000),
      );
      assert.match(text, /remove this grant for the group/);
      return true;
    });
    groupLevel = "read";
  });
});
