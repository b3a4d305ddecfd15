/**
 * Custom fields: names are environment-variable names (what `passwork-cli exec` exports), and no two
 * exports of one record collide after the CLI's renaming. The renaming is the provider's own
 * `sanitizeEnvName` (the CLI's rule, written once).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { sanitizeEnvName } from "../../provider/env-vars";
import { exceptionsSchema, isExceptedResource, ruleConfig, schemaOf } from "../config";
import { forTypes, subject } from "../subject";
import { TYPES } from "../types";
import { object, str, UNKNOWN } from "../values";

interface FieldNameConfig {
  pattern: string;
  exceptions: string[];
}
const DEFAULT_FIELD_PATTERN = "^[A-Z][A-Z0-9_]*$";
const fieldNameDefaults: FieldNameConfig = { pattern: DEFAULT_FIELD_PATTERN, exceptions: [] };

/** A suggestion in the default style: MYSQL_ROOT_PASS from "mysql-root pass". */
const upperSnake = (name: string) =>
  name
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();

export const fieldNames: ResourceValidationPolicy = {
  name: "passwork-field-names",
  description:
    "Custom field names are environment-variable names (^[A-Z][A-Z0-9_]*$ by default), exported unchanged by passwork-cli exec.",
  enforcementLevel: "mandatory",
  configSchema: schemaOf({
    pattern: {
      type: "string",
      default: DEFAULT_FIELD_PATTERN,
      description: "Regular expression every custom field name must match.",
    },
    exceptions: exceptionsSchema,
  }),
  validateResource: forTypes([TYPES.record], (props, args, report) => {
    const config = ruleConfig(args, fieldNameDefaults);
    const fields = object(props["customFields"]);
    if (fields === UNKNOWN || fields === undefined) return;
    if (isExceptedResource(config.exceptions, args.name, props)) return;
    const pattern = new RegExp(config.pattern);
    for (const field of Object.keys(fields)) {
      if (pattern.test(field)) continue;
      const exported = sanitizeEnvName(field);
      const suggestion = upperSnake(field);
      const fix = pattern.test(suggestion)
        ? `rename it to ${suggestion}`
        : `rename it to match ${config.pattern}`;
      const cli = exported !== field ? `; passwork-cli exec would export it as ${exported}` : "";
      report(
        `${subject(args.type, args.name)}: customFields name "${field}" does not match ${config.pattern}${cli} — ${fix}`,
      );
    }
  }),
};

interface CollisionConfig {
  exceptions: string[];
}

export const fieldCollisions: ResourceValidationPolicy = {
  name: "passwork-field-collisions",
  description:
    "No two exports of a record (its password under the record name, text and password custom fields) become the same variable after passwork-cli exec renames them.",
  enforcementLevel: "mandatory",
  configSchema: schemaOf({ exceptions: exceptionsSchema }),
  validateResource: forTypes([TYPES.record], (props, args, report) => {
    const config = ruleConfig<CollisionConfig>(args, { exceptions: [] });
    const fields = object(props["customFields"]);
    if (fields === UNKNOWN || fields === undefined) return;
    if (isExceptedResource(config.exceptions, args.name, props)) return;
    const sources = new Map<string, string[]>();
    const add = (variable: string, source: string) =>
      sources.set(variable, [...(sources.get(variable) ?? []), source]);
    const name = str(props["name"]);
    const hasPassword =
      props["password"] != null || props["generatePassword"] != null || props["passwordMode"] === "seed";
    if (typeof name === "string" && name !== "" && hasPassword)
      add(sanitizeEnvName(name), `the password (record name "${name}")`);
    for (const [field, spec] of Object.entries(fields)) {
      const type = object(spec);
      const fieldType = type === UNKNOWN || type === undefined ? "text" : (str(type["type"]) ?? "text");
      if (fieldType === "totp" || field === "") continue; // exec skips totp fields
      add(sanitizeEnvName(field), `field "${field}"`);
    }
    for (const [variable, from] of sources) {
      if (from.length < 2) continue;
      report(
        `${subject(args.type, args.name)}: customFields ${from.join(" and ")} all become ${variable} in passwork-cli exec, so one overwrites the other — rename one of them`,
      );
    }
  }),
};
