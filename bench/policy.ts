/**
 * What the policy pack costs: the first preview of a 500-record Layout stack through the real CLI,
 * once without the pack and once with it (`--policy-pack`), one run each, side by side, against an
 * in-process emulator, after one warm-up preview. The layout is well kept (the pack finds nothing), so the time is the pack's
 * analysis, not its reporting.
 *
 *   npm run build && flock /tmp/pulumi-engine.lock npx ts-node --transpile-only bench/policy.ts [records]
 *
 * Prints one line per side and the ratio; writes bench/results/policy-<records>.json.
 */
import * as fs from "fs";
import * as path from "path";
import { Layout } from "../sdk";
import type { LayoutSpecInput } from "../sdk";
import { openPolicyStack, startPolicyFixture } from "../tests/policy/driver";

const records = Number(process.argv[2] ?? 500);
const environments = ["production", "staging", "development"] as const;
const categories = ["databases", "cloud", "k8s", "queues"] as const;

/** `records` records spread over environments × categories, with grants on every environment. */
function spec(n: number): LayoutSpecInput {
  const perBranch = Math.ceil(n / (environments.length * categories.length));
  let made = 0;
  const envs: Record<string, unknown> = {};
  for (const env of environments) {
    const cats: Record<string, unknown> = {};
    for (const cat of categories) {
      const list = [];
      for (let i = 0; i < perBranch && made < n; i++, made++)
        list.push({
          name: `${cat}-service-${made}`,
          login: `svc-${made}`,
          description: `Credentials of ${cat} service ${made} in ${env}`,
          password: { generate: { length: 24 } },
          customFields: { [`SERVICE_${made}_HOST`]: { type: "text", value: `svc-${made}.${env}.internal` } },
        });
      cats[cat] = { records: list };
    }
    envs[env] = {
      access: [
        { serviceAccount: `deploy-${env}-svc`, level: "read" },
        { group: "platform", level: "full" },
      ],
      categories: cats,
    };
  }
  return {
    vault: { name: "policy-bench", type: "company" },
    categoryTags: { queues: "mq" },
    identities: {
      serviceAccounts: environments.map((e) => ({ login: `deploy-${e}-svc` })),
      groups: [{ name: "platform", description: "Platform team" }],
    },
    environments: envs as LayoutSpecInput["environments"],
  } as LayoutSpecInput;
}

async function main() {
  const fx = await startPolicyFixture();
  const result: Record<string, unknown> = { records, date: new Date().toISOString() };
  try {
    // The first preview of a process pays for cold caches (the CLI binary, modules, the provider plugin):
    // a warm-up preview without the pack runs first and is reported but not compared.
    for (const side of ["warm-up", "without pack", "with pack"] as const) {
      // A fresh stack per side: both are a first preview (everything to create).
      const stack = await openPolicyStack(
        `policy-bench-${side.replace(/ /g, "-")}`,
        async () => {
          new Layout("bench", { spec: spec(records) });
        },
        fx.config,
      );
      try {
        const started = process.hrtime.bigint();
        const run = side === "with pack" ? await stack.preview() : await stack.previewWithoutPack();
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (!run.ok) throw new Error(`${side}: preview failed: ${run.error}`);
        result[side] = { seconds, violations: run.violations.length };
        process.stdout.write(
          `${side.padEnd(13)} ${seconds.toFixed(2).padStart(7)} s  ${run.violations.length} violations\n`,
        );
      } finally {
        await stack.dispose();
      }
    }
    const plain = (result["without pack"] as { seconds: number }).seconds;
    const pack = (result["with pack"] as { seconds: number }).seconds;
    result["ratio"] = pack / plain;
    process.stdout.write(`ratio (with / without): ${(pack / plain).toFixed(2)}\n`);
    const out = path.join(__dirname, "results", `policy-${records}.json`);
    fs.writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
    process.stdout.write(`written: ${path.relative(process.cwd(), out)}\n`);
  } finally {
    await fx.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
