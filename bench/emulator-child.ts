/**
 * The benchmark's emulator in its own process (bench/emulator-process.ts, forked with an IPC channel), as
 * a real server would be: its CPU is not the engine's. `stats()` answers the request counts since the
 * previous call (method + route template) and the peak in-flight in that window.
 */
import { fork } from "node:child_process";
import * as path from "node:path";

export interface EmulatorChild {
  url: string;
  accessToken: string;
  refreshToken: string;
  granteeId: string;
  stats(): Promise<{ counts: Record<string, number>; peakInFlight: number }>;
  close(): void;
}

export function startEmulatorProcess(): Promise<EmulatorChild> {
  const child = fork(path.join(__dirname, "emulator-process.ts"), [], {
    execArgv: ["-r", "ts-node/register/transpile-only"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench emulator exited with ${code}`)));
    child.once("message", (m: any) => {
      if (m.op !== "ready") return reject(new Error("bench emulator: unexpected first message"));
      resolve({
        url: m.url,
        accessToken: m.accessToken,
        refreshToken: m.refreshToken,
        granteeId: m.granteeId,
        stats: () =>
          new Promise((res) => {
            const on = (s: any) => {
              if (s.op !== "stats") return;
              child.off("message", on);
              res({ counts: s.counts, peakInFlight: s.peakInFlight });
            };
            child.on("message", on);
            child.send({ op: "stats" });
          }),
        close: () => {
          child.removeAllListeners("exit");
          child.disconnect();
        },
      });
    });
  });
}
