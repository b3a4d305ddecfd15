// The emulator lets no one in where they don't belong: no token / a wrong token → 401; every listing,
// search and batch shows a principal only what its grants allow; a blocked user's and a deleted service
// account's tokens stop working at once; oversized and malformed bodies get 400/413 and the server keeps
// serving; it binds to loopback unless told otherwise.
import * as assert from "assert";
import * as net from "net";
import { RunningEmulator, startEmulator } from "../../emulator/server";

type Call = (
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  raw?: string,
) => Promise<{ status: number; json: any }>;

function caller(url: string): Call {
  return async (method, path, token, body, raw) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        "x-response-format": "raw",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined || raw !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
}

const ids = (r: { json: any }): string[] =>
  (Array.isArray(r.json) ? r.json : (r.json?.items ?? [])).map((x: any) => x.id).sort();

describe("reliability: emulator security", function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  let call: Call;
  let admin: string;
  const v: Record<string, string> = {};
  let alice: { id: string; tokens: { accessToken: string } };
  let bot: { id: string; tokens: { accessToken: string } };

  before(async () => {
    emu = await startEmulator({ port: 0, logErrors: false, bodyLimitBytes: 64 * 1024 });
    call = caller(emu.url);
    admin = emu.adminTokens.accessToken;
    const company = (await call("GET", "/vault-types/all", admin)).json.items.find(
      (t: any) => t.code === "company",
    ).id;
    v.open = (await call("POST", "/vaults", admin, { name: "open", typeId: company })).json.id;
    v.closed = (await call("POST", "/vaults", admin, { name: "closed", typeId: company })).json.id;
    v.visibleFolder = (await call("POST", "/folders", admin, { name: "shared", vaultId: v.closed })).json.id;
    v.hiddenFolder = (await call("POST", "/folders", admin, { name: "hidden", vaultId: v.closed })).json.id;
    v.openItem = (
      await call("POST", "/items", admin, { vaultId: v.open, name: "open-item", tags: ["t"] })
    ).json.id;
    v.sharedItem = (
      await call("POST", "/items", admin, {
        vaultId: v.closed,
        folderId: v.visibleFolder,
        name: "shared-item",
        tags: ["t"],
      })
    ).json.id;
    v.hiddenItem = (
      await call("POST", "/items", admin, {
        vaultId: v.closed,
        folderId: v.hiddenFolder,
        name: "hidden-item",
        tags: ["t"],
      })
    ).json.id;
    v.rootItem = (
      await call("POST", "/items", admin, { vaultId: v.closed, name: "root-item", tags: ["t"] })
    ).json.id;
    alice = await emu.seedUser({ login: "alice", role: "user", isServiceAccount: false });
    bot = await emu.seedUser({ login: "bot", role: "user", isServiceAccount: true });
    assert.strictEqual(
      (
        await call("POST", `/vaults/${v.open}/access`, admin, {
          principalType: "user",
          principalId: alice.id,
          access: "read",
        })
      ).status,
      200,
    );
    assert.strictEqual(
      (
        await call("POST", `/folders/${v.visibleFolder}/access`, admin, {
          principalType: "user",
          principalId: alice.id,
          access: "read",
        })
      ).status,
      200,
    );
    assert.strictEqual(
      (
        await call("POST", `/folders/${v.visibleFolder}/access`, admin, {
          principalType: "user",
          principalId: bot.id,
          access: "read",
        })
      ).status,
      200,
    );
  });
  after(async () => {
    await emu?.close();
  });

  it("no token, a malformed token and a well-formed unknown token get 401 on every kind of endpoint", async () => {
    const unknown = Buffer.alloc(32, 7).toString("base64");
    for (const token of [undefined, "garbage", unknown]) {
      for (const [method, path, body] of [
        ["GET", "/vaults"],
        ["GET", `/items/${v.openItem}`],
        ["GET", "/items/search?query=item"],
        ["POST", "/items", { vaultId: v.open, name: "x" }],
        ["POST", "/batch", { requests: [{ method: "GET", relativeUrl: `/api/v1/items/${v.openItem}` }] }],
        ["DELETE", `/vaults/${v.open}`],
      ] as const) {
        const r = await call(method, path, token, body);
        assert.strictEqual(
          r.status,
          401,
          `${method} ${path} with ${token === undefined ? "no" : "a bad"} token: ${r.status}`,
        );
      }
    }
    assert.deepStrictEqual(
      ids(await call("GET", "/items?vaultId=" + v.open, admin)).length,
      1,
      "nothing was created by the refused calls",
    );
  });

  it("a principal sees only what its grants allow in listings, search and batch", async () => {
    const a = alice.tokens.accessToken;
    const vaults = await call("GET", "/vaults", a);
    assert.deepStrictEqual(
      ids(vaults),
      [v.open, v.closed].sort(),
      "the closed vault appears only for navigation",
    );
    const closed = (vaults.json.items ?? vaults.json).find((x: any) => x.id === v.closed);
    assert.strictEqual(closed.directoryAccess?.access, "navigation");
    assert.deepStrictEqual(ids(await call("GET", `/folders?vaultId=${v.closed}`, a)), [v.visibleFolder]);
    assert.deepStrictEqual(ids(await call("GET", `/items?vaultId=${v.closed}`, a)), [v.sharedItem]);
    assert.deepStrictEqual(
      ids(await call("GET", `/items/search?query=item`, a)),
      [v.openItem, v.sharedItem].sort(),
    );
    assert.deepStrictEqual(
      ids(await call("GET", `/items/search?tags[]=t`, a)),
      [v.openItem, v.sharedItem].sort(),
    );
    assert.deepStrictEqual(ids(await call("GET", `/folders/search?query=hidden`, a)), []);
    for (const hidden of [`/items/${v.hiddenItem}`, `/items/${v.rootItem}`, `/folders/${v.hiddenFolder}`]) {
      assert.strictEqual((await call("GET", hidden, a)).status, 403, hidden);
    }
    const batch = await call("POST", "/batch", a, {
      requests: [v.sharedItem, v.hiddenItem, v.rootItem].map((id) => ({
        method: "GET",
        relativeUrl: `/api/v1/items/${id}`,
      })),
    });
    assert.strictEqual(batch.status, 200);
    const statuses = (batch.json.responses ?? batch.json.items ?? batch.json).map((r: any) => r.statusCode);
    assert.deepStrictEqual(statuses, [200, 403, 403], JSON.stringify(batch.json).slice(0, 300));
    assert.ok(
      !JSON.stringify(batch.json).includes("hidden-item") &&
        !JSON.stringify(batch.json).includes("root-item"),
      "no hidden name leaks through batch",
    );
    // read access cannot write
    assert.strictEqual(
      (await call("POST", "/items", a, { vaultId: v.closed, folderId: v.visibleFolder, name: "nope" }))
        .status,
      403,
    );
    assert.strictEqual((await call("DELETE", `/items/${v.sharedItem}`, a)).status, 403);
  });

  it("a blocked user's token and a deleted service account's token stop working at once", async () => {
    assert.strictEqual((await call("GET", "/vaults", alice.tokens.accessToken)).status, 200);
    assert.strictEqual((await call("POST", `/users/${alice.id}`, admin, { isBlocked: true })).status, 200);
    assert.strictEqual((await call("GET", "/vaults", alice.tokens.accessToken)).status, 401);
    assert.strictEqual((await call("GET", `/items/${v.openItem}`, alice.tokens.accessToken)).status, 401);

    assert.strictEqual((await call("GET", `/items/${v.sharedItem}`, bot.tokens.accessToken)).status, 200);
    assert.strictEqual((await call("DELETE", `/users/${bot.id}`, admin)).status, 200);
    assert.strictEqual((await call("GET", `/items/${v.sharedItem}`, bot.tokens.accessToken)).status, 401);
    assert.strictEqual(
      (
        await call("POST", "/batch", bot.tokens.accessToken, {
          requests: [{ method: "GET", relativeUrl: `/api/v1/items/${v.sharedItem}` }],
        })
      ).status,
      401,
    );
  });

  it("oversized and malformed bodies get 413/400 with a Passwork error body, and the server keeps serving", async () => {
    const big = await call(
      "POST",
      "/items",
      admin,
      undefined,
      JSON.stringify({ vaultId: v.open, name: "big", description: "d".repeat(200_000) }),
    );
    assert.strictEqual(big.status, 413);
    assert.strictEqual(big.json.errors[0].code, "payloadTooLarge");
    for (const raw of ["{", "not json", '{"name": }', "\u0000\u0001"]) {
      const r = await call("POST", "/items", admin, undefined, raw);
      assert.strictEqual(r.status, 400, JSON.stringify(raw));
      assert.strictEqual(r.json.errors[0].code, "invalidJson");
    }
    const wrongShape = await call("POST", "/items", admin, { vaultId: 42, name: ["x"] });
    assert.strictEqual(wrongShape.status, 400);
    assert.strictEqual(wrongShape.json.errors[0].code, "validationError");
    assert.strictEqual((await call("GET", "/vaults", admin)).status, 200, "still serving");
    assert.strictEqual(
      ids(await call("GET", `/items?vaultId=${v.open}`, admin)).length,
      1,
      "nothing half-written",
    );
  });

  it("binds to 127.0.0.1 by default: not reachable on another local address", async () => {
    assert.strictEqual(emu.host, "127.0.0.1");
    assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    // 127.0.0.2 is loopback too, but a socket bound to 127.0.0.1 does not answer it.
    const reached = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: "127.0.0.2", port: emu.port, timeout: 1000 }, () => {
        s.destroy();
        resolve(true);
      });
      s.on("error", () => resolve(false));
      s.on("timeout", () => {
        s.destroy();
        resolve(false);
      });
    });
    assert.strictEqual(reached, false);
  });
});
