/**
 * Keep-alive benchmark for the API client: 1,000 item GETs at concurrency 16 against an in-process
 * emulator. Reports requests/s and connections opened (client pool and emulator side); the
 * connection count must stay ≤ 16, i.e. the pool reuses its connections.
 * Run: npm run bench:client  [-- --requests 1000 --concurrency 16]
 */
import { startEmulator } from "../emulator/server";
import { PassworkClient } from "../provider/client/core";
import { items, vaults, vaultTypes } from "../provider/client/index";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

async function main(): Promise<void> {
  const total = arg("requests", 1000);
  const concurrency = arg("concurrency", 16);
  const emu = await startEmulator({ port: 0, logErrors: false });
  const user = await emu.seedUser({ login: "bench.user", role: "owner" });
  const client = new PassworkClient({
    host: emu.url,
    accessToken: user.tokens.accessToken,
    maxInFlight: concurrency,
  });
  try {
    const typeId = (await vaultTypes.list(client))[0]?.id;
    const vaultId = await vaults.create(client, { name: "bench", typeId });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push(await items.create(client, { vaultId, name: `ITEM_${i}`, password: `p-${i}` }));
    const before = { client: client.stats(), emulator: emu.control.connectionsOpened };

    let next = 0;
    const started = process.hrtime.bigint();
    const worker = async (): Promise<void> => {
      while (next < total) {
        const i = next++;
        await items.get(client, ids[i % ids.length] as string);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    const after = client.stats();
    const result = {
      requests: total,
      concurrency,
      seconds: Number(seconds.toFixed(3)),
      requestsPerSecond: Math.round(total / seconds),
      clientConnectionsOpenedTotal: after.connections,
      emulatorConnectionsOpenedTotal: emu.control.connectionsOpened,
      connectionsOpenedDuringRun: after.connections - before.client.connections,
      peakInFlight: after.peakInFlight,
      retries: after.retries,
    };
    console.log(JSON.stringify(result, null, 2));
    if (result.clientConnectionsOpenedTotal > concurrency) {
      console.error(
        `FAIL: ${result.clientConnectionsOpenedTotal} connections opened for concurrency ${concurrency}`,
      );
      process.exitCode = 1;
    }
  } finally {
    await client.close();
    await emu.close();
  }
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
