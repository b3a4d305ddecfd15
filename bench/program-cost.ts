/**
 * What one resource costs in the *program* process (no engine, no provider: Pulumi's mocks), for ours
 * against the floor: CPU ms per resource and the stack traces captured per resource. @pulumi/pulumi's
 * runtime captures `new Error().stack` for every promise it wraps (runtime/debuggable.js), four per
 * declared property of a resource (runtime/rpc.js transferProperties), and under ts-node every trace
 * goes through source-map-support: that is the per-property cost the profile of a no-change `up` shows.
 *
 *   npx ts-node --transpile-only bench/program-cost.ts [--count 300] [--kind record|folder|vault|floor]
 *     [--cheap-traces]   (formats traces without source-map-support, to separate their cost)
 */
import * as pulumi from "@pulumi/pulumi";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

let traces = 0;
const format = Error.prepareStackTrace;
Error.prepareStackTrace = (error, frames) => {
  traces++;
  if (process.argv.includes("--cheap-traces")) return "";
  return format ? format(error, frames) : String(error);
};

pulumi.runtime.setMocks(
  { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) },
  "bench",
  "program-cost",
  false,
);

function make(kind: string, i: number): pulumi.Resource {
  // Loaded after setMocks, like a program is loaded after the runtime is configured.
  const sdk = require("../sdk") as typeof import("../sdk");
  const { FloorResource } = require("./floor/provider") as typeof import("./floor/provider");
  switch (kind) {
    case "floor":
      return new FloorResource(`r-${i}`, {
        name: `S_${i}`,
        value: `x/${i}`,
        secretValue: pulumi.secret(`p-${i}`),
      });
    case "vault":
      return new sdk.Vault(`r-${i}`, { name: `v-${i}` });
    case "folder":
      return new sdk.Folder(`r-${i}`, { name: `f-${i}`, vaultId: "v" });
    default:
      return new sdk.Record(`r-${i}`, {
        name: `S_${i}`,
        vaultId: "v",
        folderId: "f",
        login: `svc-${i}`,
        url: `https://svc-${i}.internal.example`,
        description: `record ${i}`,
        tags: ["bench", `tier-${i % 3}`],
        password: `pw-${i}`,
        customFields: { API_KEY: { value: `key-${i}`, type: "password" } },
      });
  }
}

async function main(): Promise<void> {
  const count = Number(arg("--count") ?? "300");
  const kind = arg("--kind") ?? "record";
  make(kind, -1); // load modules outside the measurement
  await new Promise((r) => setTimeout(r, 100));
  const cpu0 = process.cpuUsage();
  const traces0 = traces;
  const resources = Array.from({ length: count }, (_, i) => make(kind, i));
  await Promise.all(resources.map((r) => new Promise((done) => r.urn.apply(done))));
  await new Promise((r) => setTimeout(r, 100)); // let registrations finish
  const cpu = process.cpuUsage(cpu0);
  const ms = (cpu.user + cpu.system) / 1000;
  process.stdout.write(
    `${kind} x${count}: ${(ms / count).toFixed(2)} CPU ms per resource, ${((traces - traces0) / count).toFixed(1)} stack traces per resource${process.argv.includes("--cheap-traces") ? " (cheap traces)" : ""}\n`,
  );
}

void main();
