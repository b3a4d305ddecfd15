/**
 * Emulator throughput on loopback at concurrency 16: item GET and item create, side by side with a bare
 * node:http server answering a fixed JSON body in the same run.
 * Run: npx ts-node --transpile-only bench/emulator-throughput.ts [--seconds 3] [--persistent]  (persistent = journal + fsync in a temp data dir)
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Agent, request } from "undici";
import { startEmulator } from "../emulator/server";

const CONCURRENCY = 16;
const argSeconds = process.argv.indexOf("--seconds");
const SECONDS = argSeconds > 0 ? Number(process.argv[argSeconds + 1]) : 3;
const persistent = process.argv.includes("--persistent");

async function measure(
  label: string,
  op: () => Promise<void>,
): Promise<{ label: string; rps: number; p50: number; p99: number }> {
  const lat: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  for (let i = 0; i < 500; i++) await op(); // warm-up (JIT, connections)
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        const t = process.hrtime.bigint();
        await op();
        lat.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] ?? 0;
  return { label, rps: lat.length / SECONDS, p50: q(0.5), p99: q(0.99) };
}

async function main(): Promise<void> {
  const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  const fixed = JSON.stringify({ id: "0".repeat(24), name: "fixed", tags: ["a"] });
  const bare = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(fixed);
  });
  await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;

  const dataDir = persistent ? mkdtempSync(path.join(tmpdir(), "emu-bench-")) : undefined;
  const emu = await startEmulator({ ...(dataDir ? { dataDir } : {}) });
  const headers = {
    authorization: `Bearer ${emu.adminTokens.accessToken}`,
    "content-type": "application/json",
    "x-response-format": "raw",
  };
  const post = async (p: string, body: unknown) => {
    const r = await request(emu.url + p, { method: "POST", headers, body: JSON.stringify(body), dispatcher });
    return (await r.body.json()) as { id: string };
  };
  const typeRes = await request(emu.url + "/api/v1/vault-types/all", { headers, dispatcher });
  const typeId = ((await typeRes.body.json()) as { items: { id: string }[] }).items[0]?.id;
  const vault = (await post("/api/v1/vaults", { name: "bench", typeId })).id;
  const item = (
    await post("/api/v1/items", {
      vaultId: vault,
      name: "bench item",
      tags: ["a", "b"],
      passwordEncrypted: "cGFzcw==",
    })
  ).id;

  const bareGet = await measure("bare node:http GET (fixed JSON)", async () => {
    const r = await request(bareUrl, { dispatcher });
    await r.body.text();
  });
  const itemGet = await measure("emulator GET /api/v1/items/{id}", async () => {
    const r = await request(`${emu.url}/api/v1/items/${item}`, { headers, dispatcher });
    if (r.statusCode !== 200) throw new Error(`status ${r.statusCode}`);
    await r.body.text();
  });
  let n = 0;
  const itemCreate = await measure(
    `emulator POST /api/v1/items${dataDir ? " (journal+fsync)" : ""}`,
    async () => {
      const r = await request(`${emu.url}/api/v1/items`, {
        method: "POST",
        headers,
        body: JSON.stringify({ vaultId: vault, name: `i${n++}` }),
        dispatcher,
      });
      if (r.statusCode !== 200) throw new Error(`status ${r.statusCode}`);
      await r.body.text();
    },
  );

  const rows = [bareGet, itemGet, itemCreate];
  console.log(`\nconcurrency ${CONCURRENCY}, ${SECONDS}s per case, loopback\n`);
  console.log("| case | req/s | p50 ms | p99 ms | vs bare |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const r of rows)
    console.log(
      `| ${r.label} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${((100 * r.rps) / bareGet.rps).toFixed(0)}% |`,
    );
  const ratio = itemGet.rps / bareGet.rps;
  console.log(
    `\nitem GET / bare = ${(ratio * 100).toFixed(0)}% (target >= 40%): ${ratio >= 0.4 ? "OK" : "BELOW TARGET"}`,
  );

  await emu.close();
  await new Promise<void>((r) => bare.close(() => r()));
  await dispatcher.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
