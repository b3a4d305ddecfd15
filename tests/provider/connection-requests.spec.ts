/**
 * Requests for connection through the providers (client-side encryption): a Group's members change, or a
 * group grant arrives, and the provider approves the requests its change caused, so the member reads the
 * record after `up`; with `passwork:connectionRequests = leave` the request stays for a human.
 */
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { clientFor, currentSettings } from "../../provider/config";
import {
  access,
  connectionRequests,
  folders,
  items,
  PassworkApiError,
  PassworkClient,
  principals,
  vaults,
  vaultTypes,
} from "../../provider/client";
import { generateUserKeys } from "../../provider/client/crypto/keychain";
import { resetClaims } from "../../provider/resources/access/claims";
import { provider as accessPolicy } from "../../provider/resources/access-policy";
import { provider as folderAccess } from "../../provider/resources/folder-access";
import { provider as group } from "../../provider/resources/group";
import { provider as vaultAccess } from "../../provider/resources/vault-access";
import { effectiveAccessReport } from "../../sdk/review/effective-report";
import { checkAndCreate, checkDiffUpdate } from "./access-helpers";
import { actAsCseAdmin, startFixture, type ProviderFixture } from "./fixture";

describe("provider: requests for connection (client-side encryption)", function () {
  this.timeout(30_000);
  let fx: ProviderFixture;
  const opened: PassworkClient[] = [];
  const secret = "member-reads-Zt5%q";

  before(async () => {
    fx = await startFixture({ clientSideEncryption: true });
    await actAsCseAdmin(fx, "cse-admin");
  });
  afterEach(() => {
    resetClaims();
    delete fx.settings.connectionRequests;
  });
  after(async () => {
    for (const c of opened) await c.close();
    await fx?.close();
  });

  const admin = () => clientFor(currentSettings());

  /** An encrypted vault with one record, made by the provider's identity. */
  async function vaultWithRecord(name: string) {
    const typeId = (await vaultTypes.list(admin())).find((t) => t.code === "company")!.id;
    const vaultId = await vaults.create(admin(), { name, typeId });
    const recordId = await items.create(admin(), { vaultId, name: "DB", password: secret });
    return { vaultId, recordId };
  }

  /** A user with its own key pair and a client that acts as that user. */
  async function member(login: string) {
    const masterKey = randomBytes(64).toString("base64");
    const u = await fx.emu.seedUser({ login, keys: await generateUserKeys(masterKey) });
    const c = new PassworkClient({
      host: fx.emu.url,
      accessToken: u.tokens.accessToken,
      masterKey,
      retryBaseMs: 10,
      retryCapMs: 50,
    });
    opened.push(c);
    return { id: u.id, c };
  }

  async function refused(p: Promise<unknown>): Promise<number | undefined> {
    try {
      await p;
      return undefined;
    } catch (err) {
      return err instanceof PassworkApiError ? err.status : -1;
    }
  }

  it("a Group's new member is approved by the update and reads the record", async () => {
    const { vaultId, recordId } = await vaultWithRecord("team vault");
    const g = await checkAndCreate(group, { name: "team", members: [] });
    await checkAndCreate(vaultAccess, { vaultId, principal: { groupId: g.id }, level: "read" });
    const m = await member("new.member");
    assert.equal(await refused(items.get(m.c, recordId)), 403, "not a member yet");

    await checkDiffUpdate(group, g.id, g.outs, { name: "team", members: [m.id] });
    assert.deepEqual(await connectionRequests.listForVault(admin(), vaultId), [], "approved");
    assert.equal((await items.get(m.c, recordId)).password, secret, "the member decrypts the record");
  });

  it("a group grant approves the members already in the group (VaultAccess, AccessPolicy)", async () => {
    const a = await vaultWithRecord("granted later");
    const m = await member("early.member");
    const g = await checkAndCreate(group, { name: "early", members: [m.id] });
    await checkAndCreate(vaultAccess, { vaultId: a.vaultId, principal: { groupId: g.id }, level: "edit" });
    assert.equal((await items.get(m.c, a.recordId)).password, secret);

    const b = await vaultWithRecord("by policy");
    const policy = await checkAndCreate(accessPolicy, {
      vaultId: b.vaultId,
      grants: [
        { principal: { userId: await selfId() }, level: "admin" },
        { principal: { groupId: g.id }, level: "read" },
      ],
    });
    assert.deepEqual(policy.outs.removed, []);
    assert.equal((await items.get(m.c, b.recordId)).password, secret);

    // A FolderAccess for the group: the member is approved for the folder's vault and reads inside it.
    const c = await vaultWithRecord("by folder");
    const folderId = await folders.create(admin(), { vaultId: c.vaultId, name: "apps" });
    const inFolder = await items.create(admin(), {
      vaultId: c.vaultId,
      folderId,
      name: "API",
      password: secret,
    });
    await checkAndCreate(folderAccess, { folderId, principal: { groupId: g.id }, level: "read" });
    assert.deepEqual(await connectionRequests.listForVault(admin(), c.vaultId), []);
    assert.equal((await items.get(m.c, inFolder)).password, secret);
    assert.equal(await refused(items.get(m.c, c.recordId)), 403, "the folder's level only");
  });

  it("with passwork:connectionRequests = leave the request stays pending and the member cannot read", async () => {
    fx.settings.connectionRequests = "leave";
    const { vaultId, recordId } = await vaultWithRecord("human approves");
    const m = await member("waiting.member");
    const g = await checkAndCreate(group, { name: "waiting", members: [m.id] });
    await checkAndCreate(vaultAccess, { vaultId, principal: { groupId: g.id }, level: "read" });
    assert.deepEqual(
      (await connectionRequests.listForVault(admin(), vaultId)).map((r) => r.userId),
      [m.id],
    );
    assert.equal(await refused(items.get(m.c, recordId)), 403);
    // The review says why the member's configured level does not work yet.
    const report = await effectiveAccessReport(admin(), { vaultId });
    assert.ok(
      report.rows.filter((r) => r.principalId === m.id).every((r) => r.connectionRequest === "pending"),
    );
    assert.ok(report.rows.some((r) => r.principalId === m.id && r.level === "read"));
    assert.ok(
      report.rows.filter((r) => r.principalId !== m.id).every((r) => r.connectionRequest === undefined),
    );
    assert.match(
      report.markdown,
      /\| user waiting\.member \| through group waiting; request for connection pending — can't read until a vault administrator approves \|/,
    );
    // The matrix marks the member's cells, and the legend explains the mark.
    assert.match(report.markdown, /\| user waiting\.member \| read ⏳ \|/);
    assert.match(report.markdown, /⏳ awaits approval of its request for connection/);
    // A human (here: the client as the vault administrator) approves; then the member reads.
    await connectionRequests.approve(admin(), vaultId, m.id);
    assert.equal((await items.get(m.c, recordId)).password, secret);
    // A reviewer with Full access but not Administrator may not list requests: the review says so.
    const auditor = await member("auditor");
    await access.setGrant(admin(), "vault", vaultId, {
      principalType: "user",
      principalId: auditor.id,
      access: "full",
    });
    assert.match(
      (await effectiveAccessReport(auditor.c, { vaultId })).markdown,
      /Requests for connection \(client-side encryption\): not read — listing them needs Administrator on the vault\./,
    );
    const after = await effectiveAccessReport(admin(), { vaultId });
    assert.ok(after.rows.every((r) => r.connectionRequest === undefined));
    assert.doesNotMatch(after.markdown, /request for connection pending|⏳/);
  });

  it("a member without keys cannot be approved: the up goes on with a warning, the request stays", async () => {
    const { vaultId } = await vaultWithRecord("keyless member");
    const keyless = (await fx.emu.seedUser({ login: "keyless.bot", isServiceAccount: true })).id;
    const g = await checkAndCreate(group, { name: "bots", members: [keyless] });
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warned.push(m);
    try {
      await checkAndCreate(vaultAccess, { vaultId, principal: { groupId: g.id }, level: "read" });
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(
      (await connectionRequests.listForVault(admin(), vaultId)).map((r) => r.userId),
      [keyless],
    );
    assert.equal(warned.length, 1, warned.join("\n"));
    assert.match(
      warned[0]!,
      new RegExp(`user ${keyless} to vault ${vaultId} .* stays pending: .*no key pair`),
    );
  });

  const selfId = async (): Promise<string> => (await principals.me(admin())).id;
});
