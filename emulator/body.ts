/** Reads a request body up to a limit; an oversized body is drained (so the client sees the answer) and refused. */
import type { IncomingMessage } from "node:http";
import { EmulatorError } from "./store/errors";

/** Past this much we stop draining and drop the connection. */
const DRAIN_CAP = 64 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A client that gave up (e.g. during an injected delay) closed the request before we read it: its
    // 'end' never comes, so without this the handler would wait forever and count as in flight.
    const closed = () =>
      new EmulatorError(
        400,
        "clientClosedRequest",
        "The client closed the connection before the request was read",
      );
    if (req.destroyed && !req.readableEnded) {
      reject(closed());
      return;
    }
    req.on("close", () => reject(closed())); // no effect once resolved
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        if (size > DRAIN_CAP) req.socket.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge)
        reject(
          new EmulatorError(
            413,
            "payloadTooLarge",
            `Request body is larger than the limit of ${limit} bytes; send less data per request`,
          ),
        );
      else resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

export function parseJson(buf: Buffer): unknown {
  if (buf.length === 0) return undefined;
  try {
    return JSON.parse(buf.toString("utf8"));
  } catch {
    throw new EmulatorError(
      400,
      "invalidJson",
      "Request body is not valid JSON; send a JSON object with Content-Type: application/json",
    );
  }
}
