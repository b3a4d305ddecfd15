import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:net";
import { z } from "zod";
import { PassworkClient, type ClientOptions } from "../../provider/client/core";
import {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseShapeError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../../provider/client/errors";
import { path } from "../../provider/client/path";
import { collect, log, registerSecret, rejection } from "./helpers/leak-guard";
import { apiError, json, startStub, type StubServer } from "./helpers/stub-server";

const ACCESS = "FxWvuVqP9cPvAdWq3BMsSwVaEtFltaka49sv+2HjJME=";
const MASTER = "bWFzdGVyLWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU2Nzg5YWJjZGVmZ2hpams=";
registerSecret(ACCESS, MASTER);

const Any = z.looseObject({});
const ID = "68793e13dfc88d879e0f2e39";

function client(stub: StubServer, extra: Partial<ClientOptions> = {}): PassworkClient {
  return new PassworkClient({
    host: stub.url,
    accessToken: ACCESS,
    retryBaseMs: 5,
    retryCapMs: 20,
    requestTimeoutMs: 2000,
    logger: log,
    ...extra,
  });
}

describe("client core", () => {
  const open: Array<{ close(): Promise<void> }> = [];
  after(async () => {
    for (const o of open) await o.close();
  });
  async function stub(handler: Parameters<typeof startStub>[0]): Promise<StubServer> {
    const s = await startStub(handler);
    open.push(s);
    return s;
  }
  function make(s: StubServer, extra: Partial<ClientOptions> = {}): PassworkClient {
    const c = client(s, extra);
    open.push(c);
    return c;
  }

  it("sends bearer, master-key hash, JSON content type and PHP-style array query; decodes the base64 envelope", async () => {
    const s = await stub((_req, res) => json(res, 200, { items: [{ id: ID }] }));
    const c = make(s, { masterKey: MASTER });
    const out = await c.request({
      method: "POST",
      path: path`/things/${ID}`,
      query: { tags: ["a b", "c"], isServiceAccount: true, skip: undefined },
      body: { x: 1 },
      schema: Any,
    });
    assert.deepEqual(out, { items: [{ id: ID }] });
    const seen = s.seen[0]!;
    assert.equal(seen.url, `/api/v1/things/${ID}?tags[]=a%20b&tags[]=c&isServiceAccount=1`);
    assert.equal(seen.headers.authorization, `Bearer ${ACCESS}`);
    assert.equal(seen.headers["x-master-key-hash"], createHash("sha256").update(MASTER).digest("hex"));
    assert.equal(seen.headers["content-type"], "application/json");
    assert.equal(seen.body, '{"x":1}');
  });

  it("reads raw JSON bodies too, and strips a pasted /api/v1 from the host", async () => {
    const s = await stub((_req, res) => json(res, 200, { ok: true }, { envelope: false }));
    const c = make(s, { host: `${s.url}/api/v1/` });
    assert.deepEqual(await c.get(path`/ping`, Any), { ok: true });
    assert.equal(s.seen[0]!.url, "/api/v1/ping");
  });

  it("maps statuses to typed errors with one message format, decoding enveloped error bodies", async () => {
    const cases: Array<[number, new (...a: never[]) => Error, string]> = [
      [400, ValidationError, "PASSWORK_VALIDATION"],
      [422, ValidationError, "PASSWORK_VALIDATION"],
      [403, PermissionDeniedError, "PASSWORK_PERMISSION_DENIED"],
      [404, NotFoundError, "PASSWORK_NOT_FOUND"],
      [409, ConflictError, "PASSWORK_CONFLICT"],
    ];
    for (const [status, Class, code] of cases) {
      const s = await stub((_req, res) => apiError(res, status, "someCode", "Item not found", "name"));
      const err = await rejection(make(s).get(path`/items/${ID}`, Any));
      assert.ok(err instanceof Class, `${status} → ${Class.name}`);
      assert.equal((err as NotFoundError).code, code);
      assert.equal((err as NotFoundError).apiCode, "someCode");
      assert.equal((err as NotFoundError).field, "name");
      assert.equal((err as NotFoundError).status, status);
      assert.equal((err as NotFoundError).path, `/api/v1/items/${ID}`);
      assert.equal(err.message, `${status} GET /api/v1/items/{id}: Item not found (field: name)`);
    }
  });

  it("turns a non-JSON error page into a clear error and a non-JSON 200 into ResponseShapeError", async () => {
    const s = await stub((req, res) => {
      res.writeHead(req.url.includes("ok") ? 200 : 404, { "content-type": "text/html" });
      res.end("<html>proxy says no</html>");
    });
    const c = make(s);
    const e1 = await rejection(c.get(path`/missing`, Any));
    assert.ok(e1 instanceof NotFoundError);
    assert.match(
      e1.message,
      /^404 GET \/api\/v1\/missing: response body is not JSON \(content-type text\/html, 26 bytes\)$/,
    );
    const e2 = await rejection(c.get(path`/ok`, Any));
    assert.ok(e2 instanceof ResponseShapeError);
    assert.doesNotMatch(e2.message, /proxy says no/);
  });

  it("reports a response of the wrong shape by issue path, never by value", async () => {
    const s = await stub((_req, res) => json(res, 200, { id: "not-an-object-id-SECRETVALUE", name: 42 }));
    const err = await rejection(
      make(s).get(
        path`/vaults/${ID}`,
        z.looseObject({ id: z.string().regex(/^[0-9a-f]{24}$/), name: z.string() }),
      ),
    );
    assert.ok(err instanceof ResponseShapeError);
    assert.deepEqual(
      err.issues.map((i) => i.split(":")[0]),
      ["id", "name"],
    );
    assert.doesNotMatch(err.message, /SECRETVALUE|42/);
  });

  it("retries a GET on 503 and 500 with backoff, then succeeds", async () => {
    let n = 0;
    const s = await stub((_req, res) =>
      ++n <= 2 ? apiError(res, n === 1 ? 503 : 500, "unavailable", "busy") : json(res, 200, { ok: true }),
    );
    const c = make(s);
    assert.deepEqual(await c.get(path`/x`, Any), { ok: true });
    assert.equal(s.seen.length, 3);
    assert.equal(c.stats().retries, 2);
  });

  it("gives up after maxRetries with a ServerError", async () => {
    const s = await stub((_req, res) => apiError(res, 502, "badGateway", "upstream down"));
    const c = make(s, { maxRetries: 2 });
    const err = await rejection(c.delete(path`/items/${ID}`, Any));
    assert.ok(err instanceof ServerError);
    assert.equal(s.seen.length, 3);
    assert.equal((err as ServerError).outcomeUnknown, false);
  });

  it("does not retry a POST on 503 and marks the outcome unknown", async () => {
    const s = await stub((_req, res) => apiError(res, 503, "unavailable", "busy"));
    const err = await rejection(make(s).post(path`/items`, { name: "n" }, Any));
    assert.ok(err instanceof ServerError);
    assert.equal(err.outcomeUnknown, true);
    assert.equal(s.seen.length, 1);
  });

  it("honours Retry-After (seconds and HTTP date) on 429, for POST too", async () => {
    let n = 0;
    const s = await stub((_req, res) =>
      ++n === 1
        ? apiError(res, 429, "tooManyRequests", "slow down") // no header: backoff
        : n === 2
          ? json(
              res,
              429,
              { errors: [{ code: "tooManyRequests", message: "slow down" }] },
              { headers: { "retry-after": "0.3" } },
            )
          : json(res, 200, { id: ID }),
    );
    const c = make(s);
    const t0 = Date.now();
    await c.post(path`/items`, {}, Any);
    assert.ok(Date.now() - t0 >= 290, "waited for Retry-After");
    assert.equal(s.seen.length, 3);

    const date = new Date(Date.now() + 1000).toUTCString(); // whole seconds: waits 0–1 s, capped at 400 ms
    let m = 0;
    const s2 = await stub((_req, res) =>
      ++m === 1
        ? json(res, 429, { errors: [{ code: "x", message: "y" }] }, { headers: { "retry-after": date } })
        : json(res, 200, {}),
    );
    const c2 = make(s2, { retryAfterCapMs: 400 });
    const t1 = Date.now();
    await c2.get(path`/x`, Any);
    assert.ok(Date.now() - t1 <= 1500);
    assert.equal(s2.seen.length, 2);
  });

  it("surfaces RateLimitError with retryAfterMs when 429s persist", async () => {
    const s = await stub((_req, res) =>
      json(
        res,
        429,
        { errors: [{ code: "tooManyRequests", message: "slow down" }] },
        { headers: { "retry-after": "0" } },
      ),
    );
    const err = await rejection(make(s, { maxRetries: 1 }).get(path`/x`, Any));
    assert.ok(err instanceof RateLimitError);
    assert.equal(err.retryAfterMs, 0);
    assert.equal(s.seen.length, 2);
  });

  it("never retries the /sessions/* endpoints", async () => {
    const s = await stub((_req, res) => apiError(res, 429, "tooManyRequests", "slow down"));
    const err = await rejection(
      make(s).request({ method: "POST", path: path`/sessions/refresh`, body: {}, schema: Any, auth: "none" }),
    );
    assert.ok(err instanceof RateLimitError);
    assert.equal(s.seen.length, 1);
  });

  it("retries a GET whose connection was reset, but not a POST (outcome unknown)", async () => {
    let n = 0;
    const s = await stub((req, res, socket) => {
      if (req.method === "POST" || ++n === 1) socket.destroy();
      else json(res, 200, { ok: true });
    });
    const c = make(s);
    assert.deepEqual(await c.get(path`/x`, Any), { ok: true });
    const err = await rejection(c.post(path`/items`, { name: "x" }, Any));
    assert.ok(err instanceof ConnectionError);
    assert.equal(err.outcomeUnknown, true);
    assert.equal(s.seen.filter((r) => r.method === "POST").length, 1);
  });

  it("retries a POST whose connection was refused (it never reached a server)", async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, "127.0.0.1", () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const c = new PassworkClient({
      host: `http://127.0.0.1:${port}`,
      accessToken: ACCESS,
      maxRetries: 2,
      retryBaseMs: 1,
      retryCapMs: 2,
      logger: log,
    });
    open.push(c);
    const err = await rejection(c.post(path`/items`, {}, Any));
    assert.ok(err instanceof ConnectionError);
    assert.equal(err.outcomeUnknown, false);
    assert.match(err.message, /ECONNREFUSED/);
    assert.equal(c.stats().retries, 2);
  });

  it("enforces the per-attempt timeout (TimeoutError) and retries GETs", async () => {
    let n = 0;
    const s = await stub((_req, res) => {
      if (++n === 1) setTimeout(() => json(res, 200, { late: true }), 400);
      else json(res, 200, { late: false });
    });
    const c = make(s, { requestTimeoutMs: 100 });
    assert.deepEqual(await c.get(path`/x`, Any), { late: false });
    const slow = await stub((_req, res) => {
      setTimeout(() => json(res, 200, {}), 400);
    });
    const err = await rejection(make(slow, { requestTimeoutMs: 100 }).post(path`/items`, {}, Any));
    assert.ok(err instanceof TimeoutError);
    assert.equal(err.outcomeUnknown, true);
  });

  it("bounds requests in flight and connections to maxInFlight, reusing connections", async () => {
    let active = 0;
    let peak = 0;
    const s = await stub((_req, res) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        json(res, 200, {});
      }, 10);
    });
    const c = make(s, { maxInFlight: 3 });
    await Promise.all(Array.from({ length: 30 }, () => c.get(path`/x`, Any)));
    assert.ok(peak <= 3, `peak ${peak}`);
    assert.ok(s.connections <= 3, `connections ${s.connections}`);
    const st = c.stats();
    assert.equal(st.requests, 30);
    assert.equal(st.connections, s.connections);
    assert.ok(st.peakInFlight <= 3);
  });

  it("fails configuration problems with the exact key and environment variable", () => {
    assert.throws(
      () => new PassworkClient({ host: "", accessToken: ACCESS }),
      (e: unknown) =>
        e instanceof ConfigurationError &&
        /passwork:host \(or environment variable PASSWORK_HOST\)/.test(e.message),
    );
    assert.throws(
      () => new PassworkClient({ host: "ftp://x", accessToken: ACCESS }),
      (e: unknown) => e instanceof ConfigurationError && e.configKey === "passwork:host",
    );
    assert.throws(
      () => new PassworkClient({ host: "https://x", accessToken: "" }),
      (e: unknown) =>
        e instanceof ConfigurationError &&
        /passwork:accessToken \(or environment variable PASSWORK_TOKEN\)/.test(e.message),
    );
    assert.throws(
      () => new PassworkClient({ host: "https://x", accessToken: ACCESS, caCertPath: "/nonexistent/ca.pem" }),
      (e: unknown) =>
        e instanceof ConfigurationError &&
        e.configKey === "passwork:caCertPath" &&
        !e.message.includes("/nonexistent"),
    );
  });

  it("a plain 401 names the access token setting to renew", async () => {
    const s = await stub((_req, res) => apiError(res, 401, "notFound", "Access token not found"));
    const err = await rejection(make(s).get(path`/vaults`, Any));
    assert.ok(err instanceof AuthenticationError);
    assert.match(err.message, /passwork:accessToken \(or PASSWORK_TOKEN\)/);
    assert.equal(s.seen.length, 1);
    collect(err.message);
  });
});
