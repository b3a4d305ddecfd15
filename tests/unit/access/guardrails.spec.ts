import { strict as assert } from "node:assert";
import {
  enforceGuardrails,
  GuardrailError,
  lastAdministratorViolation,
  lockoutViolation,
} from "../../../provider/access/guardrails";
import { grant, ids, nameOf, tree } from "./fixture";

const self = { id: ids.admin, login: "pulumi-bot", groupIds: [] as string[] };
const base = [grant(ids.vault, "user", ids.admin, "admin"), grant(ids.vault, "user", ids.alice, "read")];

describe("access/guardrails", () => {
  const t = tree();

  it("refuses removing the provider's own admin grant on a vault, naming the grant", () => {
    const change = {
      tree: t,
      current: base,
      directoryId: ids.vault,
      planned: [base[1]!, grant(ids.vault, "user", ids.deployProd, "admin")],
      nameOf,
    };
    const msg = lockoutViolation(change, self);
    assert.ok(msg);
    assert.match(msg, /pulumi-bot would lose admin on vault infrastructure/);
    assert.match(
      msg,
      new RegExp(
        `the grant that would be lost: admin on vault infrastructure to user pulumi-bot \\(${ids.admin}\\)`,
      ),
    );
    assert.match(msg, /no access/);
  });

  it("refuses downgrading it, and says what would remain", () => {
    const change = {
      tree: t,
      current: base,
      directoryId: ids.vault,
      planned: [grant(ids.vault, "user", ids.admin, "full"), base[1]!],
      nameOf,
    };
    assert.match(
      lockoutViolation(change, self)!,
      /it would have full \(from full on vault infrastructure to user pulumi-bot/,
    );
  });

  it("refuses a folder grant that overrides the inherited admin of the provider's identity", () => {
    const change = {
      tree: t,
      current: base,
      directoryId: ids.production,
      planned: [grant(ids.production, "user", ids.admin, "read")],
      nameOf,
    };
    assert.match(
      lockoutViolation(change, self)!,
      /lose admin on folder infrastructure\/production; the grant that would be lost: admin on vault infrastructure/,
    );
  });

  it("allows changes that keep admin, including admin through a group", () => {
    assert.equal(
      lockoutViolation(
        {
          tree: t,
          current: base,
          directoryId: ids.vault,
          planned: [...base, grant(ids.vault, "user", ids.deployProd, "read")],
          nameOf,
        },
        self,
      ),
      undefined,
    );
    const viaGroup = [
      grant(ids.vault, "group", ids.platform, "admin"),
      grant(ids.vault, "user", ids.alice, "admin"),
    ];
    const member = { ...self, groupIds: [ids.platform] };
    assert.equal(
      lockoutViolation(
        {
          tree: t,
          current: viaGroup,
          directoryId: ids.production,
          planned: [grant(ids.production, "group", ids.developers, "read")],
          nameOf,
        },
        member,
      ),
      undefined,
    );
    assert.match(
      lockoutViolation(
        { tree: t, current: viaGroup, directoryId: ids.vault, planned: [viaGroup[1]!], nameOf },
        member,
      )!,
      /the grant that would be lost: admin on vault infrastructure to group platform/,
    );
  });

  it("does not guard an identity that had no admin to lose", () => {
    const noAdmin = [grant(ids.vault, "user", ids.alice, "admin")];
    assert.equal(
      lockoutViolation(
        {
          tree: t,
          current: noAdmin,
          directoryId: ids.vault,
          planned: [...noAdmin, grant(ids.vault, "user", ids.admin, "read")],
          nameOf,
        },
        self,
      ),
      undefined,
    );
  });

  it("refuses removing or downgrading the last admin user of a vault, naming it", () => {
    const only = [
      grant(ids.vault, "user", ids.alice, "admin"),
      grant(ids.vault, "group", ids.platform, "admin"),
    ];
    const removed = lastAdministratorViolation({
      tree: t,
      current: only,
      directoryId: ids.vault,
      planned: [only[1]!],
      nameOf,
    });
    assert.match(
      removed!,
      /vault infrastructure would have no administrator left; the grant that would be lost: admin on vault infrastructure to user alice/,
    );
    const downgraded = lastAdministratorViolation({
      tree: t,
      current: only,
      directoryId: ids.vault,
      planned: [grant(ids.vault, "user", ids.alice, "edit"), only[1]!],
      nameOf,
    });
    assert.ok(downgraded);
    // another admin user remains: fine; folders have no such rule
    assert.equal(
      lastAdministratorViolation({
        tree: t,
        current: base,
        directoryId: ids.vault,
        planned: [grant(ids.vault, "user", ids.alice, "admin"), grant(ids.vault, "user", ids.admin, "admin")],
        nameOf,
      }),
      undefined,
    );
    assert.equal(
      lastAdministratorViolation({
        tree: t,
        current: base,
        directoryId: ids.production,
        planned: [],
        nameOf,
      }),
      undefined,
    );
  });

  it("enforceGuardrails throws one GuardrailError with every problem", () => {
    const change = {
      tree: t,
      current: [grant(ids.vault, "user", ids.admin, "admin")],
      directoryId: ids.vault,
      planned: [],
      nameOf,
    };
    assert.throws(
      () => enforceGuardrails(change, self),
      (e: unknown) =>
        e instanceof GuardrailError &&
        /lose admin/.test(e.message) &&
        /no administrator left/.test(e.message),
    );
    assert.doesNotThrow(() => enforceGuardrails({ ...change, planned: change.current }, self));
  });
});
