/**
 * Configuration of each rule, as `--policy-pack-config` gives it: `{"<rule>": {"enforcementLevel":
 * "advisory", "<key>": <value>}}` or `{"<rule>": "disabled"}`. Pulumi scopes config per rule, so a
 * vocabulary used by several rules (the environments) is a key of each of them, with the same default.
 * The CLI validates a given config against each rule's schema; `ruleConfig` lays it over the defaults.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { Props } from "./values";

export const DEFAULT_ENVIRONMENTS = ["production", "staging", "development"];
export const DEFAULT_PRODUCTION = ["production"];
export const DEFAULT_CATEGORIES = ["db", "cloud", "k8s", "mq", "web", "ci", "monitoring", "shared"];

export const stringList = (description: string, items: string[]): PolicyConfigJSONSchema => ({
  type: "array",
  items: { type: "string", minLength: 1 },
  description,
  default: items,
});

export const environmentsSchema = stringList(
  "The environment tags (exactly one per record); a folder path segment with one of these names is that environment.",
  DEFAULT_ENVIRONMENTS,
);
export const productionSchema = stringList(
  "The environments that count as production (records tagged so, and folder paths under them).",
  DEFAULT_PRODUCTION,
);
export const exceptionsSchema = stringList(
  "Resources this rule skips, by logical resource name (the name in the URN) or by display name.",
  [],
);

/** A schema from the defaults' keys: every key is optional, the defaults document themselves. */
export function schemaOf(properties: { [key: string]: PolicyConfigJSONSchema }): PolicyConfigSchema {
  return { properties };
}

/** The rule's config laid over its defaults (keys the user did not set keep the default). */
export function ruleConfig<C extends object>(args: { getConfig<T extends object>(): T }, defaults: C): C {
  const given = args.getConfig<Partial<C>>();
  const out = { ...defaults };
  for (const key of Object.keys(given) as (keyof C)[]) {
    if (given[key] !== undefined) out[key] = given[key] as C[keyof C];
  }
  return out;
}

/** Whether a resource is exempt: its logical name or its display name is listed. */
export function isException(
  exceptions: readonly string[],
  logicalName: string,
  displayName?: string,
): boolean {
  return exceptions.includes(logicalName) || (displayName !== undefined && exceptions.includes(displayName));
}

/** `isException` for a resource whose display name is its `name` property (when that is known). */
export function isExceptedResource(
  exceptions: readonly string[],
  logicalName: string,
  props: Props,
): boolean {
  const name = props["name"];
  return isException(exceptions, logicalName, typeof name === "string" ? name : undefined);
}
