/** A tiny loopback HTTP server for core/auth/retry tests that do not need the emulator. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Handler = (req: SeenRequest, res: ServerResponse, socket: Socket) => void | Promise<void>;

export interface StubServer {
  url: string;
  seen: SeenRequest[];
  connections: number;
  close(): Promise<void>;
}

export async function startStub(handler: Handler): Promise<StubServer> {
  const sockets = new Set<Socket>();
  const state = { seen: [] as SeenRequest[], connections: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen: SeenRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      state.seen.push(seen);
      void Promise.resolve(handler(seen, res, req.socket)).catch((e: unknown) => {
        res.statusCode = 599;
        res.end(String(e));
      });
    });
  });
  server.on("connection", (s: Socket) => {
    state.connections++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen: state.seen,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  opts: { envelope?: boolean; headers?: Record<string, string> } = {},
): void {
  const text = JSON.stringify(body);
  const payload =
    opts.envelope === false
      ? text
      : JSON.stringify({ format: "base64", content: Buffer.from(text).toString("base64") });
  res.writeHead(status, { "content-type": "application/json", ...opts.headers });
  res.end(payload);
}

export function apiError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  field?: string,
): void {
  json(res, status, { errors: [field ? { code, message, field } : { code, message }] });
}
