/**
 * Read-ahead during a refresh (provider/client/read-ahead.ts): driven like the engine drives a refresh —
 * at most 8 reads waiting at once, folders first, then records in state order — the records of the
 * folders read arrive in /batch calls of up to 25, so the request count falls below one per 8 reads;
 * the results equal plain reads; nothing outside the folders read is fetched; a write through the client
 * forgets what was read ahead; a lone read lists nothing; `passwork:refreshReadAhead false` turns it off;
 * under client-side encryption the records read ahead decrypt like plain reads.
 */
import assert from "node:assert/strict";
import { items } from "../../provider/client";
import { READ_AHEAD_TTL_MS } from "../../provider/client/read-ahead";
import { providerContext } from "../../provider/config";
import { provider as folderProvider } from "../../provider/resources/folder";
import { provider as recordProvider } from "../../provider/resources/record";
import { provider as vaultProvider } from "../../provider/resources/vault";
import { actAsCseAdmin, startFixture, type ProviderFixture } from "./fixture";

type Outs = Record<string, unknown>;
interface Managed {
  kind: "folder" | "record";
  id: string;
  outs: Outs;
}

/** Reads every resource the way the engine refreshes: `parallel` at a time, in order. */
async function engineRefresh(resources: Managed[], parallel = 8): Promise<Map<string, Outs | undefined>> {
  const out = new Map<string, Outs | undefined>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < resources.length) {
      const r = resources[next++] as Managed;
      const p = r.kind === "folder" ? folderProvider : recordProvider;
      const read = await p.read!(r.id, r.outs);
      out.set(r.id, read.props as Outs | undefined);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

describe("read-ahead of records during a refresh", function () {
  this.timeout(30_000);
  let fx: ProviderFixture;
  let vaultId: string;
  const managed: Managed[] = [];
  const unmanagedInReadFolder: string[] = [];
  const unmanagedElsewhere: string[] = [];

  const requestCounts = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const r of await fx.apiRequests()) {
      const key = `${r.method} ${r.path.replace(/[0-9a-f]{24}/g, ":id").replace(/\?.*$/, "")}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  };
  const itemReadsAudited = async (): Promise<Set<string>> => {
    const log = (await fx.raw("GET", "/activity-log?action=item_viewed&perPage=1000")) as {
      items: { action: string; objectId: string }[];
    };
    return new Set(log.items.filter((e) => e.action === "item_viewed").map((e) => e.objectId));
  };

  before(async () => {
    fx = await startFixture();
    vaultId = (await vaultProvider.create!({ name: "read-ahead" })).id;
    const folders: Managed[] = [];
    const records: Managed[] = [];
    for (let f = 0; f < 6; f++) {
      const folder = await folderProvider.create!({ name: `svc-${f}`, vaultId });
      folders.push({ kind: "folder", id: folder.id, outs: folder.outs as Outs });
      for (let i = 0; i < 10; i++) {
        const checked = await recordProvider.check!(
          {},
          {
            name: `S${f}_${i}`,
            vaultId,
            folderId: folder.id,
            login: `u${i}`,
            tags: ["t"],
            password: `pw-${f}-${i}`,
            customFields: { K: { type: "password", value: `v${f}${i}` } },
          },
        );
        const created = await recordProvider.create(checked.inputs);
        records.push({ kind: "record", id: created.id, outs: created.outs as Outs });
      }
    }
    managed.push(...folders, ...records);
    // Made by people: one record in a managed folder, two in a folder the stack does not manage.
    const stray = await fx.raw("POST", "/items", {
      vaultId,
      folderId: folders[2]!.id,
      name: "HAND_MADE",
      passwordEncrypted: Buffer.from("x").toString("base64"),
    });
    unmanagedInReadFolder.push(stray.id);
    const other = await fx.raw("POST", "/folders", { vaultId, name: "people" });
    for (const name of ["P1", "P2"]) {
      const r = await fx.raw("POST", "/items", {
        vaultId,
        folderId: other.id,
        name,
        passwordEncrypted: Buffer.from("y").toString("base64"),
      });
      unmanagedElsewhere.push(r.id);
    }
  });
  after(async () => {
    await fx?.close();
  });

  it("refreshing 6 folders and 60 records at parallelism 8 takes at most 66/10 + 5 requests, results as plain reads", async () => {
    const expected = new Map<string, unknown>();
    const { client } = providerContext();
    for (const r of managed.filter((m) => m.kind === "record")) {
      const data = await items.get(client, r.id);
      expected.set(r.id, { login: data.login, password: data.password, customs: data.customs });
    }
    fx.settings.maxInFlight = "8"; // new settings: a new client, so no cache left from the creates
    await fx.clearRequests();
    const read = await engineRefresh(managed);
    const counts = await requestCounts();
    const total = Object.values(counts).reduce((s, n) => s + n, 0);
    assert.ok(total <= Math.floor(managed.length / 10) + 5, `requests: ${JSON.stringify(counts)}`);
    assert.equal(counts["GET /api/v1/items/search"], 1, "the vault is listed once");
    for (const r of managed.filter((m) => m.kind === "record")) {
      const props = read.get(r.id) as Outs;
      const want = expected.get(r.id) as { login: string; password: string; customs: { value: string }[] };
      assert.equal(props["login"], want.login);
      assert.equal(props["password"], want.password);
      assert.deepEqual(props, r.outs, `record ${r.id} reads back as created`);
    }
  });

  it("fetches nothing outside the folders it read; a hand-made record in a managed folder may be read", async () => {
    const audited = await itemReadsAudited();
    for (const id of unmanagedElsewhere) assert.ok(!audited.has(id), `read a record of an unmanaged folder`);
    for (const r of managed.filter((m) => m.kind === "record")) assert.ok(audited.has(r.id));
    // Documented (read-ahead.ts, README): a hand-made sibling in a managed folder is fetched and discarded.
    assert.ok(audited.has(unmanagedInReadFolder[0]!));
  });

  it("a write through the client forgets a record read ahead: the next read sees the server", async () => {
    fx.settings.maxInFlight = "7"; // fresh client
    const records = managed.filter((m) => m.kind === "record");
    const [a, b, c] = records as [Managed, Managed, Managed];
    await Promise.all([recordProvider.read!(a.id, a.outs), recordProvider.read!(b.id, b.outs)]); // lists the vault
    await new Promise((res) => setTimeout(res, 100)); // the listing arrives, fillers are queued
    await recordProvider.read!(records[5]!.id, records[5]!.outs); // sends a batch with fillers (c among them)
    const { client } = providerContext();
    await items.update(client, c.id, { vaultId, login: "changed-by-us" });
    const after = await recordProvider.read!(c.id, c.outs);
    assert.equal((after.props as Outs)["login"], "changed-by-us");
  });

  it("a copy read ahead is used once, and not at all once older than the TTL", async () => {
    fx.settings.maxInFlight = "6"; // fresh client
    const records = managed.filter((m) => m.kind === "record");
    const [a, b] = records as [Managed, Managed];
    await Promise.all([recordProvider.read!(a.id, a.outs), recordProvider.read!(b.id, b.outs)]);
    await new Promise((res) => setTimeout(res, 100));
    await recordProvider.read!(records[2]!.id, records[2]!.outs); // this batch carries records 3, 4, ... ahead
    const [d, e] = [records[3], records[4]] as [Managed, Managed];
    await fx.raw("PATCH", `/items/${d.id}`, { vaultId, login: "edited-by-a-person" });
    await fx.raw("PATCH", `/items/${e.id}`, { vaultId, login: "edited-by-a-person" });
    const first = await recordProvider.read!(d.id, d.outs); // the copy read ahead moments ago
    const second = await recordProvider.read!(d.id, d.outs); // used up: a real read
    assert.equal((first.props as Outs)["login"], "u3");
    assert.equal((second.props as Outs)["login"], "edited-by-a-person");
    const realNow = Date.now;
    Date.now = () => realNow() + READ_AHEAD_TTL_MS + 1;
    try {
      const late = await recordProvider.read!(e.id, e.outs); // its copy is too old: read from the server
      assert.equal((late.props as Outs)["login"], "edited-by-a-person");
    } finally {
      Date.now = realNow;
    }
  });

  it("a lone read lists nothing and reads nothing ahead", async () => {
    fx.settings.maxInFlight = "5"; // fresh client
    await fx.clearRequests();
    const r = managed.find((m) => m.kind === "record") as Managed;
    await recordProvider.read!(r.id, r.outs);
    await new Promise((res) => setTimeout(res, 50));
    assert.deepEqual(await requestCounts(), { "GET /api/v1/items/:id": 1 });
  });

  it("passwork:refreshReadAhead false: no listing, ≤ 8 reads per /batch as before", async () => {
    fx.settings.refreshReadAhead = "false";
    await fx.clearRequests();
    await engineRefresh(managed);
    const counts = await requestCounts();
    assert.equal(counts["GET /api/v1/items/search"], undefined);
    assert.ok((counts["POST /api/v1/batch"] ?? 0) >= Math.ceil(managed.length / 8), JSON.stringify(counts));
    fx.settings.refreshReadAhead = "bogus";
    assert.throws(() => providerContext(), /passwork:refreshReadAhead must be true or false/);
    delete fx.settings.refreshReadAhead;
  });
});

describe("read-ahead under client-side encryption", function () {
  this.timeout(60_000);
  let fx: ProviderFixture;

  before(async () => {
    fx = await startFixture({ clientSideEncryption: true });
    await actAsCseAdmin(fx, "cse-reader");
  });
  after(async () => fx?.close());

  it("records read ahead decrypt to the same plaintext as plain reads", async () => {
    const vaultId = (await vaultProvider.create!({ name: "cse-read-ahead" })).id;
    const folder = await folderProvider.create!({ name: "prod", vaultId });
    const managed: Managed[] = [{ kind: "folder", id: folder.id, outs: folder.outs as Outs }];
    for (let i = 0; i < 20; i++) {
      const checked = await recordProvider.check!(
        {},
        {
          name: `DB_${i}`,
          vaultId,
          folderId: folder.id,
          password: `cse-secret-${i}`,
          customFields: { TOKEN: { type: "password", value: `cse-token-${i}` } },
        },
      );
      const created = await recordProvider.create(checked.inputs);
      managed.push({ kind: "record", id: created.id, outs: created.outs as Outs });
    }
    fx.settings.maxInFlight = "8"; // a fresh client: nothing cached from the creates
    await fx.clearRequests();
    const read = await engineRefresh(managed);
    const searches = (await fx.apiRequests()).filter((r) => r.path.startsWith("/api/v1/items/search"));
    assert.equal(searches.length, 1, "the vault was listed: records were read ahead");
    for (const r of managed.filter((m) => m.kind === "record"))
      assert.deepEqual(read.get(r.id), r.outs, `record ${r.id} decrypts as created`);
  });
});
