/** Shared setup for the access provider tests: the reference vault layout and provider calls. */
import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderFixture } from "./fixture";

export interface Layout {
  vault: string;
  production: string;
  staging: string;
  development: string;
}

/** Vault `infrastructure` with production, staging and development, created as the emulator's admin. */
/** Owners/admins administer every company vault (vault-type administrators): tests that remove them use privateShared. */
export async function makeLayout(
  fx: ProviderFixture,
  name = "infrastructure",
  typeCode: "company" | "privateShared" = "company",
): Promise<Layout> {
  const types = await fx.raw("GET", "/vault-types/all");
  const type = types.items.find((t: { code: string }) => t.code === typeCode);
  const vault = (await fx.raw("POST", "/vaults", { name, typeId: type.id })).id as string;
  const folder = async (n: string) =>
    (await fx.raw("POST", "/folders", { name: n, vaultId: vault })).id as string;
  return {
    vault,
    production: await folder("production"),
    staging: await folder("staging"),
    development: await folder("development"),
  };
}

/** check → create, as the engine does; fails the test on check failures. */
export async function checkAndCreate(p: pulumi.dynamic.ResourceProvider, inputs: Record<string, unknown>) {
  const checked = await p.check!({}, inputs);
  assert.deepEqual(checked.failures ?? [], [], "check failures");
  const created = await p.create(checked.inputs);
  return { id: created.id, outs: created.outs as Record<string, any>, inputs: checked.inputs };
}

/** check → diff → update (when diff says so), as the engine does. */
export async function checkDiffUpdate(
  p: pulumi.dynamic.ResourceProvider,
  id: string,
  olds: Record<string, unknown>,
  inputs: Record<string, unknown>,
) {
  const checked = await p.check!(olds, inputs);
  assert.deepEqual(checked.failures ?? [], [], "check failures");
  const diff = await p.diff!(id, olds, checked.inputs);
  if (!diff.changes) return { diff, outs: olds as Record<string, any> };
  const updated = await p.update!(id, olds, checked.inputs);
  return { diff, outs: updated.outs as Record<string, any> };
}

export async function grantsOf(fx: ProviderFixture, kind: "vaults" | "folders", id: string) {
  return (
    (await fx.raw("GET", `/${kind}/${id}/access`)).items as {
      principalType: string;
      principalId: string;
      access: string;
    }[]
  )
    .map((g) => `${g.principalType}:${g.principalId}:${g.access}`)
    .sort();
}
