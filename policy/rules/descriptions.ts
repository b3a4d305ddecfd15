/**
 * Descriptions: a production record says what it is (who uses it, what breaks without it). A record is
 * production when it carries a production tag or lives under a production folder path.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import {
  DEFAULT_ENVIRONMENTS,
  DEFAULT_PRODUCTION,
  environmentsSchema,
  exceptionsSchema,
  isExceptedResource,
  productionSchema,
  ruleConfig,
  schemaOf,
} from "../config";
import { environmentOfPath, StackModel } from "../model";
import { subject } from "../subject";
import { TYPES } from "../types";
import { str, strings, UNKNOWN } from "../values";

interface DescriptionConfig {
  environments: string[];
  production: string[];
  minLength: number;
  exceptions: string[];
}
const defaults: DescriptionConfig = {
  environments: DEFAULT_ENVIRONMENTS,
  production: DEFAULT_PRODUCTION,
  minLength: 10,
  exceptions: [],
};

export const productionDescriptions: StackValidationPolicy = {
  name: "passwork-production-descriptions",
  description: "Production records have a description (at least minLength characters, 10 by default).",
  enforcementLevel: "mandatory",
  configSchema: schemaOf({
    environments: environmentsSchema,
    production: productionSchema,
    minLength: { type: "integer", minimum: 1, default: 10, description: "Shortest description accepted." },
    exceptions: exceptionsSchema,
  }),
  validateStack: (args, report) => {
    const config = ruleConfig(args, defaults);
    const model = new StackModel(args.resources);
    for (const record of model.ofType(TYPES.record)) {
      if (isExceptedResource(config.exceptions, record.name, record.props)) continue;
      const tags = strings(record.props["tags"]);
      const path = model.recordFolderPath(record);
      const byTag = tags !== UNKNOWN && tags.some((t) => config.production.includes(t));
      const pathEnv = path === undefined ? undefined : environmentOfPath(path, config.environments);
      const byPath = pathEnv !== undefined && config.production.includes(pathEnv);
      if (!byTag && !byPath) continue;
      const description = str(record.props["description"]);
      if (description === UNKNOWN) continue;
      const text = (description ?? "").trim();
      if (text.length >= config.minLength) continue;
      const why = byTag ? "it is tagged production" : `it lives under ${path}`;
      const problem = text === "" ? "is empty" : `is only ${text.length} characters long`;
      report(
        `${subject(record.type, record.name)}: description ${problem}, but ${why} — describe what it is and who uses it (at least ${config.minLength} characters)`,
        record.urn,
      );
    }
  },
};
