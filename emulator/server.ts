/**
 * startEmulator(): a Passwork API v1-compatible server on node:http (127.0.0.1, port 0 by default).
 * Request path: fault injection → body (limit) → route → auth → handler → commit (fsync) → respond.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ControlState } from "./control-state";
import { parseJson, readBody } from "./body";
import { bearer, type HandlerContext } from "./handlers/context";
import { parseQuery } from "./query";
import { errorReply, send, wantsRaw, type Reply } from "./respond";
import type { AccessOperationName } from "../protocol";
import { matchRoute } from "./routes";
import { Store, type TokenPair, type UserRec } from "./store";
import { EmulatorError } from "./store/errors";

export interface EmulatorOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  clientSideEncryption?: boolean;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  bodyLimitBytes?: number;
  /** Log handler crashes (stack traces) to stderr. Default true. */
  logErrors?: boolean;
  /**
   * false: the access/identity endpoints Passwork does not publish (the `assumed` rows of
   * protocol/access-protocol.ts) answer 404 like a server that lacks them. Default true.
   */
  accessEndpoints?: boolean;
  /** Only these rows of the access table answer 404 (e.g. the requests-for-connection rows). */
  accessOperationsOff?: readonly AccessOperationName[];
}

export interface SeedUserInput {
  login: string;
  fullName?: string;
  role?: "owner" | "admin" | "user";
  isServiceAccount?: boolean;
  keys?: { public: string; privateEncrypted: string };
  masterKeyOptions?: string;
}

export interface RunningEmulator {
  url: string;
  port: number;
  host: string;
  store: Store;
  control: ControlState;
  adminUserId: string;
  adminTokens: TokenPair;
  /** CSE: the seeded admin's derived master key (what `passwork-cli --master-key` takes); null otherwise. */
  adminMasterKey: string | null;
  /** CSE: the master password it was derived from (`set_master_password`); null otherwise. */
  adminMasterPassword: string | null;
  /** In-process seeding (same as POST /_emulator/users + /_emulator/tokens). */
  seedUser(input: SeedUserInput): Promise<{ id: string; tokens: TokenPair }>;
  close(): Promise<void>;
}

const isLoopback = (addr: string | undefined) =>
  !!addr && (addr.startsWith("127.") || addr === "::1" || addr.startsWith("::ffff:127."));

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? "127.0.0.1";
  // A 5 MB attachment (the vendor's cap) is ~15 MB of JSON under CSE (base32 of base64 of AES of base64).
  const bodyLimit = opts.bodyLimitBytes ?? 20 * 1024 * 1024;
  const operationsOff = new Set(opts.accessOperationsOff ?? []);
  const store = new Store({
    clientSideEncryption: opts.clientSideEncryption ?? false,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 10_000,
    refreshTokenTtlSeconds: opts.refreshTokenTtlSeconds ?? 90 * 24 * 3600,
  });
  const admin = await store.init(opts.dataDir);
  const adminTokens = store.mintPair(admin.id);
  await store.commit();
  const control = new ControlState();

  /** Runs one matched route; used for top-level requests and batch sub-requests alike. */
  async function run(
    method: string,
    rawUrl: string,
    headers: HandlerContext["headers"],
    body: unknown,
    actorOverride: UserRec | null,
  ): Promise<{ reply: Reply; route: string | null; actor: UserRec | null }> {
    let route: string | null = null;
    let actor: UserRec | null = actorOverride;
    try {
      const url = new URL(rawUrl, "http://emulator");
      const m = matchRoute(method, url.pathname, {
        accessEndpoints: opts.accessEndpoints !== false,
        accessOperationsOff: operationsOff,
      });
      if (!m) throw new EmulatorError(404, "notFound", `No such endpoint: ${method} ${url.pathname}`);
      if ("allowed" in m)
        throw new EmulatorError(
          405,
          "methodNotAllowed",
          `${method} is not allowed here; use ${m.allowed.join(", ")}`,
        );
      route = m.route.path;
      if (m.route.auth && !actor) actor = store.authenticate(bearer(headers));
      const ctx: HandlerContext = {
        store,
        control,
        method,
        path: url.pathname,
        params: m.params,
        query: parseQuery(url.searchParams),
        body,
        headers,
        actor,
        dispatchGet: async (relativeUrl, who) => {
          if (!relativeUrl.startsWith("/api/v1/"))
            return errorReply(
              new EmulatorError(
                400,
                "validationError",
                "relativeUrl: must start with /api/v1/",
                "relativeUrl",
              ),
            );
          return (await run("GET", relativeUrl, headers, undefined, who)).reply;
        },
      };
      return { reply: await m.route.handler(ctx), route, actor };
    } catch (e) {
      if (!(e instanceof EmulatorError) && opts.logErrors !== false)
        console.error("[emulator] handler error:", e);
      return { reply: errorReply(e), route, actor };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    const path = (req.url ?? "/").split("?")[0] as string;
    const raw = wantsRaw(req.headers["x-response-format"]);
    control.inFlight += 1;
    control.peakInFlight = Math.max(control.peakInFlight, control.inFlight);
    let status = 0;
    let route: string | null = null;
    let principalId: string | null = null;
    try {
      const isControl = path.startsWith("/_emulator/");
      if (isControl && !isLoopback(req.socket.remoteAddress)) {
        status = 403;
        send(
          res,
          errorReply(
            new EmulatorError(403, "accessDenied", "Control endpoints answer loopback clients only"),
          ),
          raw,
        );
        return;
      }
      const fault = isControl ? null : control.takeFault(method, path);
      if (fault?.kind === "reset") {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === "delay") await new Promise((r) => setTimeout(r, fault.delayMs ?? 0));
      if (fault?.kind === "status") {
        const st = fault.status ?? 503;
        const headers: Record<string, string> =
          fault.retryAfter !== undefined ? { "Retry-After": String(fault.retryAfter) } : {};
        const code = st === 429 ? "tooManyRequests" : "serverError";
        status = st;
        await readBody(req, bodyLimit).catch(() => undefined);
        send(
          res,
          { status: st, body: { errors: [{ code, message: `Injected fault: HTTP ${st}` }] }, headers },
          raw,
        );
        return;
      }
      let reply: Reply;
      try {
        const body = parseJson(await readBody(req, bodyLimit));
        const out = await run(method, req.url ?? "/", req.headers, body, null);
        reply = out.reply;
        route = out.route;
        principalId = out.actor?.id ?? null;
      } catch (e) {
        reply = errorReply(e);
      }
      await store.commit();
      if (fault?.kind === "resetAfterCommit") {
        req.socket.destroy();
        return;
      }
      status = reply.status;
      send(res, reply, raw, status === 413 ? { Connection: "close" } : {});
    } catch (e) {
      if (opts.logErrors !== false) console.error("[emulator] request failed:", e);
      status = 500;
      if (!res.headersSent) send(res, errorReply(e), raw);
      else res.destroy();
    } finally {
      control.inFlight -= 1;
      control.log({
        method,
        path,
        route,
        status,
        time: Math.floor(started / 1000),
        durationMs: Date.now() - started,
        principalId,
      });
    }
  }

  const server = createServer({ keepAlive: true }, (req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 5000;
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    control.connectionsOpened += 1;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  let closed = false;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    store,
    control,
    adminUserId: admin.id,
    adminTokens,
    adminMasterKey: store.adminSecrets()?.masterKey ?? null,
    adminMasterPassword: store.adminSecrets()?.masterPassword ?? null,
    async seedUser(input) {
      const userRoleId = store.roleIdByCode(input.role ?? "user");
      if (!userRoleId) throw new Error(`unknown role ${input.role}`);
      const id = store.createUser(null, {
        login: input.login,
        fullName: input.fullName ?? input.login,
        userRoleId,
        ...(input.isServiceAccount !== undefined ? { isServiceAccount: input.isServiceAccount } : {}),
        ...(input.keys ? { keys: input.keys } : {}),
        ...(input.masterKeyOptions ? { masterKeyOptions: input.masterKeyOptions } : {}),
      });
      const tokens = store.mintPair(id);
      await store.commit();
      return { id, tokens };
    },
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      await store.close();
    },
  };
}
