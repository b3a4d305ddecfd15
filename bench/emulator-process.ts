/**
 * The emulator the benchmark talks to, in its own process (as a real server would be: its CPU is not
 * the engine's). Forked by bench/run.ts with an IPC channel: it answers {op:"stats"} with the request
 * counts since the previous "stats" (method + route template) and the peak in-flight in that window.
 */
import { startEmulator } from "../emulator/server";

async function main(): Promise<void> {
  const emu = await startEmulator({ port: 0, logErrors: true });
  const grantee = await emu.seedUser({ login: "svc-bench", isServiceAccount: true, role: "user" });
  let previous = new Map<string, number>();
  process.on("message", (msg: { op: string }) => {
    if (msg.op !== "stats") return;
    const now = new Map(emu.control.counts);
    const window: Record<string, number> = {};
    for (const [key, n] of now)
      if (n - (previous.get(key) ?? 0) > 0) window[key] = n - (previous.get(key) ?? 0);
    previous = now;
    const peakInFlight = emu.control.peakInFlight;
    emu.control.peakInFlight = emu.control.inFlight;
    process.send?.({ op: "stats", counts: window, peakInFlight });
  });
  process.on("disconnect", () => void emu.close().then(() => process.exit(0)));
  process.send?.({
    op: "ready",
    url: emu.url,
    accessToken: emu.adminTokens.accessToken,
    refreshToken: emu.adminTokens.refreshToken,
    granteeId: grantee.id,
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench emulator: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
