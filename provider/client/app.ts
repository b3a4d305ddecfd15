/** Instance information (reference/passwork-api.md §4.1). */
import { z } from "zod";
import type { PassworkClient } from "./core";
import { path } from "./path";
import { AppFeaturesSchema } from "../../protocol/session";

export async function features(c: PassworkClient): Promise<string[]> {
  return (await c.get(path`/app/features`, AppFeaturesSchema)).map((f) => f.name);
}

/** With the `vaultType` feature, creating a vault requires a `typeId`. */
export async function requiresVaultType(c: PassworkClient): Promise<boolean> {
  return (await features(c)).includes("vaultType");
}

export function settings(c: PassworkClient) {
  return c.get(path`/app/settings`, z.looseObject({}));
}
