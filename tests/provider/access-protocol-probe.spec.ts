// The access-protocol probe: against an emulator whose unpublished access endpoints are off (like a real
// Passwork that does not speak our assumed contract), every access resource fails at check with the
// probe's one message, exactly one request reaches an access path, and vaults/folders/records work.
import { strict as assert } from "node:assert";
import { ACCESS_PROTOCOL } from "../../protocol/access-protocol";
import { routePattern } from "../../emulator/routes";
import { AccessProtocolUnavailableError } from "../../provider/client";
import { provider as vaultAccess } from "../../provider/resources/vault-access";
import { provider as folderAccess } from "../../provider/resources/folder-access";
import { provider as accessPolicy } from "../../provider/resources/access-policy";
import { provider as group } from "../../provider/resources/group";
import { provider as serviceAccount } from "../../provider/resources/service-account";
import { provider as vault } from "../../provider/resources/vault";
import { provider as folder } from "../../provider/resources/folder";
import { provider as record } from "../../provider/resources/record";
import { resetClaims } from "../../provider/resources/access/claims";
import { actAsCseAdmin, startFixture, type ProviderFixture } from "./fixture";
import { checkAndCreate } from "./access-helpers";

/** Every path of the access table as a regular expression over request paths. */
const accessPaths = Object.values(ACCESS_PROTOCOL).map(
  (row) => new RegExp("^" + routePattern(row.path).replace(/:\w+/g, "[^/]+") + "$"),
);
const isAccessPath = (p: string): boolean => accessPaths.some((re) => re.test(p.split("?")[0]!));

function assertProbeMessage(err: unknown): true {
  assert.ok(err instanceof AccessProtocolUnavailableError, String(err));
  const m = err.message;
  assert.match(m, /probe GET \/api\/v1\/user-groups\?name=pulumi-passwork-access-probe got HTTP 404/);
  assert.match(m, /does not publish/);
  assert.match(m, /configurable table \(protocol\/access-protocol\.ts/);
  assert.match(m, /docs\/access-protocol\.md/);
  assert.match(m, /Vaults, folders and records keep working/);
  assert.doesNotMatch(m, /\n/, "one message, one line");
  return true;
}

describe("provider: the access-protocol probe against a server without the access endpoints", function () {
  let fx: ProviderFixture;
  const id = "0123456789abcdef01234567";

  before(async () => {
    fx = await startFixture({ accessEndpoints: false });
    resetClaims();
  });
  after(async () => {
    resetClaims();
    await fx?.close();
  });

  it("fails every access resource at check with one message, after exactly one probe request", async () => {
    await fx.clearRequests();
    const checks: [string, () => Promise<unknown>][] = [
      [
        "VaultAccess",
        () => vaultAccess.check!({}, { vaultId: id, principal: { userId: id }, level: "read" }),
      ],
      [
        "FolderAccess",
        () => folderAccess.check!({}, { folderId: id, principal: { groupId: id }, level: "edit" }),
      ],
      ["AccessPolicy", () => accessPolicy.check!({}, { vaultId: id, grants: [] })],
      ["Group", () => group.check!({}, { name: "platform" })],
      ["ServiceAccount", () => serviceAccount.check!({}, { login: "deploy-svc" })],
    ];
    for (const [name, check] of checks) await assert.rejects(check(), assertProbeMessage, name);
    const requests = await fx.apiRequests();
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      ["GET /api/v1/user-groups 404"],
      "the probe is the only request",
    );
  });

  it("vaults, folders and records keep working, and still no request reaches an access path", async () => {
    await fx.clearRequests();
    const v = await checkAndCreate(vault, { name: "no-access-protocol" });
    const f = await checkAndCreate(folder, { name: "production", vaultId: v.id });
    const r = await checkAndCreate(record, { name: "db", vaultId: v.id, folderId: f.id, login: "root" });
    assert.equal((await record.read!(r.id, r.outs)).id, r.id);
    const requests = await fx.apiRequests();
    assert.ok(requests.length > 0);
    assert.deepEqual(
      requests.filter((q) => isAccessPath(q.path)),
      [],
    );
  });

  it("refresh and destroy of an access resource fail with the same message and send nothing", async () => {
    await fx.clearRequests();
    const outs = { groupId: id, name: "platform", members: [], membersManaged: true };
    await assert.rejects(group.read!(id, outs), assertProbeMessage);
    await assert.rejects(group.delete!(id, outs), assertProbeMessage);
    await assert.rejects(
      vaultAccess.read!(`${id}:user:${id}`, {
        vaultId: id,
        principal: { userId: id },
        level: "read",
        principalType: "user",
        principalId: id,
        managedBy: "VaultAccess",
      }),
      assertProbeMessage,
    );
    assert.deepEqual(await fx.apiRequests(), []);
  });

  it("an unchanged access resource asks nothing at check (a no-change up sends no request)", async () => {
    await fx.clearRequests();
    const inputs = { name: "platform" };
    const checked = await group.check!(inputs, inputs);
    assert.deepEqual(checked.failures, []);
    assert.deepEqual(await fx.apiRequests(), []);
  });
});

describe("provider: a refresh that starts without a preview, against a server without the access endpoints", function () {
  let fx: ProviderFixture;
  const id = "0123456789abcdef01234567";
  before(async () => {
    fx = await startFixture({ accessEndpoints: false });
  });
  after(async () => fx?.close());

  it("the first 404 asks the probe: the resource is not taken for gone, and nothing more is sent", async () => {
    await fx.clearRequests();
    const outs = { groupId: id, name: "platform", members: [], membersManaged: true };
    await assert.rejects(group.read!(id, outs), assertProbeMessage);
    assert.deepEqual(
      (await fx.apiRequests()).map((r) => `${r.method} ${r.path} ${r.status}`),
      [`GET /api/v1/user-groups/${id} 404`, "GET /api/v1/user-groups 404"],
    );
    await fx.clearRequests();
    await assert.rejects(group.read!(id, outs), assertProbeMessage);
    await assert.rejects(serviceAccount.delete!(id, {} as never), assertProbeMessage);
    assert.deepEqual(await fx.apiRequests(), []);
  });
});

describe("provider: the access-protocol probe against a server that speaks it", function () {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startFixture();
  });
  after(async () => fx?.close());

  it("probes once per process, then the access calls go through", async () => {
    await fx.clearRequests();
    await checkAndCreate(group, { name: "probe-ok-1" });
    await checkAndCreate(group, { name: "probe-ok-2" });
    const probes = (await fx.apiRequests()).filter(
      (r) => r.method === "GET" && r.path === "/api/v1/user-groups",
    );
    assert.equal(probes.length, 1, "one probe for the process");
    // A genuine 404 on a server that speaks the protocol is still "gone" (refresh drops the resource).
    const gone = "0123456789abcdef01234567";
    assert.deepEqual(
      await group.read!(gone, { groupId: gone, name: "x", members: [], membersManaged: true }),
      {},
    );
    const groups = await fx.raw("GET", "/user-groups");
    assert.deepEqual(
      groups.items
        .map((g: { name: string }) => g.name)
        .filter((n: string) => n.startsWith("probe-ok"))
        .sort(),
      ["probe-ok-1", "probe-ok-2"],
    );
  });
});

describe("provider: an access-protocol probe that cannot decide", function () {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startFixture();
  });
  after(async () => fx?.close());

  it("a probe that cannot decide (429s beyond the retries) fails no check; the next check probes again", async () => {
    await fx.clearRequests();
    await fx.fault({ method: "GET", path: "/api/v1/user-groups", kind: "status", status: 429, count: 5 });
    await checkAndCreate(group, { name: "probe-unsure" });
    await group.check!({}, { name: "probe-unsure-2" });
    const probes = (await fx.apiRequests()).filter(
      (r) => r.method === "GET" && r.path === "/api/v1/user-groups",
    );
    assert.deepEqual(
      probes.map((r) => r.status),
      [429, 429, 429, 429, 429, 200],
      "five 429s (first try and four retries) at the first check, no verdict kept, a new probe at the next",
    );
    const groups = await fx.raw("GET", "/user-groups");
    assert.ok(
      groups.items.some((g: { name: string }) => g.name === "probe-unsure"),
      "the group was created",
    );
  });
});

describe("provider: a CSE server that speaks the access table but not its requests-for-connection rows", function () {
  this.timeout(30_000);
  let fx: ProviderFixture;
  const id = "0123456789abcdef01234567";
  const silent = "listConnectionRequests";

  before(async () => {
    fx = await startFixture({
      clientSideEncryption: true,
      accessOperationsOff: [silent, "listVaultConnectionRequests", "approveConnectionRequest"],
    });
    await actAsCseAdmin(fx, "cse-admin");
  });
  afterEach(() => {
    resetClaims();
    delete fx.settings.connectionRequests;
  });
  after(async () => {
    resetClaims();
    await fx?.close();
  });

  const assertRequestsMessage = (err: unknown): true => {
    assert.ok(err instanceof AccessProtocolUnavailableError, String(err));
    assert.match(
      err.message,
      /does not answer the requests-for-connection endpoint .*the probe GET \/api\/v1\/connection-requests\?userGroupId=0{24} got HTTP 404.*Set passwork:connectionRequests to leave/,
    );
    return true;
  };

  it("a change the provider would follow with approvals fails at check, naming the probe and the setting", async () => {
    await fx.clearRequests();
    await assert.rejects(group.check!({}, { name: "team", members: [id] }), assertRequestsMessage);
    await assert.rejects(
      vaultAccess.check!({}, { vaultId: id, principal: { groupId: id }, level: "read" }),
      assertRequestsMessage,
    );
    await assert.rejects(
      accessPolicy.check!({}, { vaultId: id, grants: [{ principal: { groupId: id }, level: "edit" }] }),
      assertRequestsMessage,
    );
    const paths = (await fx.apiRequests()).map((r) => `${r.method} ${r.path.split("?")[0]} ${r.status}`);
    assert.deepEqual(
      paths.filter((p) => p.includes("connection-requests")),
      ["GET /api/v1/connection-requests 404"],
      "one probe of the rows, remembered",
    );
  });

  it("changes that approve nothing, or connectionRequests = leave, pass the check", async () => {
    const passes = async (p: typeof group, inputs: Record<string, unknown>) =>
      assert.deepEqual((await p.check!({}, inputs)).failures, []);
    const v = await checkAndCreate(vault, { name: "probed" });
    const g = await checkAndCreate(group, { name: "no-members" });
    const u = await fx.emu.seedUser({ login: "plain.user" });
    await passes(vaultAccess, { vaultId: v.id, principal: { userId: u.id }, level: "read" });
    await passes(vaultAccess, { vaultId: v.id, principal: { groupId: g.id }, level: "forbidden" });
    fx.settings.connectionRequests = "leave";
    await passes(group, { name: "team", members: [u.id] });
    await passes(vaultAccess, { vaultId: v.id, principal: { groupId: g.id }, level: "read" });
  });
});
