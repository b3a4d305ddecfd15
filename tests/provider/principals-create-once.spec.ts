/**
 * Group and ServiceAccount creates go through createOnce like the other resources: a POST whose
 * answer is lost after the server committed it is reconciled by the unique name/login, never sent
 * again, so exactly one object exists and the provider reports its id.
 */
import { strict as assert } from "node:assert";
import { provider as group } from "../../provider/resources/group";
import { provider as serviceAccount } from "../../provider/resources/service-account";
import { checkAndCreate } from "./access-helpers";
import { startFixture, type ProviderFixture } from "./fixture";

describe("provider: Group and ServiceAccount creates whose answer is lost", () => {
  let fx: ProviderFixture;
  before(async () => (fx = await startFixture()));
  after(async () => fx.close());

  it("a group is reconciled by its name: one POST, one group, its id reported", async () => {
    await fx.clearRequests();
    await fx.fault({ method: "POST", path: "/api/v1/user-groups", kind: "resetAfterCommit", count: 1 });
    const { id, outs } = await checkAndCreate(group, { name: "lost-answer-team" });
    const named = (await fx.raw("GET", "/user-groups")).items.filter(
      (g: any) => g.name === "lost-answer-team",
    );
    assert.deepEqual(
      named.map((g: any) => g.id),
      [id],
    );
    assert.equal(outs.groupId, id);
    const posts = (await fx.apiRequests()).filter(
      (q) => q.method === "POST" && q.path === "/api/v1/user-groups",
    );
    assert.equal(posts.length, 1, "the POST was not blindly retried");
  });

  it("a service account is reconciled by its login: one POST, one account, its id reported", async () => {
    await fx.clearRequests();
    await fx.fault({ method: "POST", path: "/api/v1/users", kind: "resetAfterCommit", count: 1 });
    const { id, outs } = await checkAndCreate(serviceAccount, { login: "lost-answer-svc" });
    const named = (await fx.raw("GET", "/users?isServiceAccount=1")).items.filter(
      (u: any) => u.login === "lost-answer-svc",
    );
    assert.deepEqual(
      named.map((u: any) => u.id),
      [id],
    );
    assert.equal(outs.serviceAccountId, id);
    const posts = (await fx.apiRequests()).filter((q) => q.method === "POST" && q.path === "/api/v1/users");
    assert.equal(posts.length, 1, "the POST was not blindly retried");
  });
});
