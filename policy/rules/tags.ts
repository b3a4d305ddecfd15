/**
 * Tags: every record carries exactly one environment tag and at least one category tag, from
 * configurable vocabularies, and its environment tag agrees with the folder path it lives in.
 * (Which tags exist at all is `passwork:allowedTags`, checked by the provider: docs/policy.md.)
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
  DEFAULT_CATEGORIES,
  DEFAULT_ENVIRONMENTS,
  environmentsSchema,
  exceptionsSchema,
  isExceptedResource,
  ruleConfig,
  schemaOf,
  stringList,
} from "../config";
import { environmentOfPath, StackModel } from "../model";
import { forTypes, subject } from "../subject";
import { TYPES } from "../types";
import { strings, UNKNOWN } from "../values";

interface EnvironmentConfig {
  environments: string[];
  exceptions: string[];
}
const envDefaults: EnvironmentConfig = { environments: DEFAULT_ENVIRONMENTS, exceptions: [] };

export const environmentTag: ResourceValidationPolicy = {
  name: "passwork-environment-tag",
  description:
    "Every record carries exactly one environment tag (production, staging, development by default).",
  enforcementLevel: "mandatory",
  configSchema: schemaOf({ environments: environmentsSchema, exceptions: exceptionsSchema }),
  validateResource: forTypes([TYPES.record], (props, args, report) => {
    const config = ruleConfig(args, envDefaults);
    const tags = strings(props["tags"]);
    if (tags === UNKNOWN || isExceptedResource(config.exceptions, args.name, props)) return;
    const envs = [...new Set(tags.filter((t) => config.environments.includes(t)))];
    const vocabulary = config.environments.join(", ");
    if (envs.length === 0)
      report(
        `${subject(args.type, args.name)}: tags carry no environment tag — add exactly one of ${vocabulary}`,
      );
    else if (envs.length > 1)
      report(
        `${subject(args.type, args.name)}: tags carry ${envs.length} environment tags (${envs.join(", ")}) — keep exactly one; a record belongs to one environment`,
      );
  }),
};

interface CategoryConfig {
  categories: string[];
  exceptions: string[];
}
const categoryDefaults: CategoryConfig = { categories: DEFAULT_CATEGORIES, exceptions: [] };

export const categoryTag: ResourceValidationPolicy = {
  name: "passwork-category-tag",
  description: "Every record carries at least one category tag (db, cloud, k8s, … by default).",
  enforcementLevel: "mandatory",
  configSchema: schemaOf({
    categories: stringList("The category tags; a record needs at least one.", DEFAULT_CATEGORIES),
    exceptions: exceptionsSchema,
  }),
  validateResource: forTypes([TYPES.record], (props, args, report) => {
    const config = ruleConfig(args, categoryDefaults);
    const tags = strings(props["tags"]);
    if (tags === UNKNOWN || isExceptedResource(config.exceptions, args.name, props)) return;
    if (tags.some((t) => config.categories.includes(t))) return;
    report(
      `${subject(args.type, args.name)}: tags carry no category tag — add at least one of ${config.categories.join(", ")}`,
    );
  }),
};

export const environmentMatchesPath: StackValidationPolicy = {
  name: "passwork-environment-matches-path",
  description:
    "A record's environment tag is the environment of the folder path it lives in (a staging tag never sits under production/).",
  enforcementLevel: "mandatory",
  configSchema: schemaOf({ environments: environmentsSchema, exceptions: exceptionsSchema }),
  validateStack: (args, report) => {
    const config = ruleConfig(args, envDefaults);
    const model = new StackModel(args.resources);
    for (const record of model.ofType(TYPES.record)) {
      if (isExceptedResource(config.exceptions, record.name, record.props)) continue;
      const tags = strings(record.props["tags"]);
      const path = model.recordFolderPath(record);
      if (tags === UNKNOWN || path === undefined) continue;
      const pathEnv = environmentOfPath(path, config.environments);
      if (pathEnv === undefined) continue;
      const wrong = tags.filter((t) => config.environments.includes(t) && t !== pathEnv);
      if (wrong.length === 0) continue;
      report(
        `${subject(record.type, record.name)}: tag ${wrong.map((t) => `"${t}"`).join(", ")} disagrees with its folder path "${path}" (environment ${pathEnv}) — tag it ${pathEnv} or move it under a ${wrong[0]} folder`,
        record.urn,
      );
    }
  },
};
