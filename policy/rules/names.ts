/**
 * Names: records and folders are named for what they hold (`mysql-primary`, `aws-credentials`), and
 * one vault keeps one naming style. The placeholder test is the Layout's own (`isPlaceholder`), so a
 * Layout declaration and a program of resource classes are judged by the same words.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { isPlaceholder } from "../../sdk/layout/naming";
import { exceptionsSchema, isException, ruleConfig, schemaOf, stringList } from "../config";
import { StackModel } from "../model";
import { forTypes, subject } from "../subject";
import { TYPES } from "../types";
import { str } from "../values";

interface PurposeConfig {
  placeholders: string[];
  exceptions: string[];
}
const purposeDefaults: PurposeConfig = { placeholders: [], exceptions: [] };

/** Why a name says nothing about its purpose, or undefined. */
export function placeholderReason(name: string, extra: readonly string[]): string | undefined {
  const trimmed = name.trim();
  if (/^\d+$/.test(trimmed)) return "is only digits";
  if (/^\p{L}$/u.test(trimmed)) return "is a single letter";
  if (extra.some((p) => p.toLowerCase() === trimmed.toLowerCase())) return "is a placeholder (policy config)";
  if (isPlaceholder(trimmed)) return "is a placeholder, not a purpose";
  return undefined;
}

export const purposefulNames: ResourceValidationPolicy = {
  name: "passwork-purposeful-names",
  description:
    "Records and folders are named for what they hold (mysql-primary, aws-credentials), never secret1, temp-pass, test, new, a number or one letter.",
  enforcementLevel: "mandatory",
  configSchema: schemaOf({
    placeholders: stringList("More names refused as placeholders (compared without case).", []),
    exceptions: exceptionsSchema,
  }),
  validateResource: forTypes([TYPES.record, TYPES.folder], (props, args, report) => {
    const config = ruleConfig(args, purposeDefaults);
    const name = str(props["name"]);
    if (typeof name !== "string" || isException(config.exceptions, args.name, name)) return;
    const reason = placeholderReason(name, config.placeholders);
    if (reason === undefined) return;
    const example = args.type === TYPES.record ? "mysql-primary or aws-credentials" : "databases or cloud";
    report(
      `${subject(args.type, args.name)}: name "${name}" ${reason} — name it for what it holds, e.g. ${example}`,
    );
  }),
};

export const NAMING_STYLES = ["kebab-case", "snake_case", "camelCase", "PascalCase"] as const;
export type NamingStyle = (typeof NAMING_STYLES)[number];
const STYLE_TEST: Record<NamingStyle, RegExp> = {
  "kebab-case": /^[a-z0-9]+(-[a-z0-9]+)*$/,
  snake_case: /^[a-z0-9]+(_[a-z0-9]+)*$/,
  camelCase: /^[a-z][a-z0-9]*([A-Z][a-z0-9]*)*$/,
  PascalCase: /^([A-Z][a-z0-9]*)+$/,
};
const STYLE_EXAMPLE: Record<NamingStyle, string> = {
  "kebab-case": "mysql-primary",
  snake_case: "mysql_primary",
  camelCase: "mysqlPrimary",
  PascalCase: "MysqlPrimary",
};

/** The styles a name fits: one lowercase word fits kebab, snake and camel alike. */
export const stylesOf = (name: string): NamingStyle[] =>
  NAMING_STYLES.filter((s) => STYLE_TEST[s].test(name));

interface StyleConfig {
  style: "consistent" | NamingStyle;
  vaults: { [vaultName: string]: NamingStyle };
  exceptions: string[];
}
const styleDefaults: StyleConfig = { style: "consistent", vaults: {}, exceptions: [] };

export const oneNamingStyle: StackValidationPolicy = {
  name: "passwork-one-naming-style",
  description:
    "The records and folders of one vault share one naming style (kebab-case, snake_case, camelCase or PascalCase).",
  enforcementLevel: "mandatory",
  configSchema: schemaOf({
    style: {
      enum: ["consistent", ...NAMING_STYLES],
      default: "consistent",
      description:
        '"consistent": each vault keeps the style most of its names already have; or one style for every vault.',
    },
    vaults: {
      type: "object",
      additionalProperties: { enum: [...NAMING_STYLES] },
      default: {},
      description: "A style per vault (by vault display name), over `style`.",
    },
    exceptions: exceptionsSchema,
  }),
  validateStack: (args, report) => {
    const config = ruleConfig(args, styleDefaults);
    const model = new StackModel(args.resources);
    for (const [vaultKey, members] of model.namedByVault()) {
      const named = members.filter((m) => !isException(config.exceptions, m.name, m.displayName));
      if (named.length === 0) continue;
      const vaultName = model.vaultDisplayName(vaultKey);
      const wanted = (vaultName !== undefined ? config.vaults[vaultName] : undefined) ?? config.style;
      let style: NamingStyle;
      if (wanted === "consistent") {
        // The style most names fit; ties go to the earlier style of NAMING_STYLES.
        const counts = NAMING_STYLES.map(
          (s) => named.filter((m) => STYLE_TEST[s].test(m.displayName)).length,
        );
        style = NAMING_STYLES[counts.indexOf(Math.max(...counts))]!;
      } else style = wanted;
      const where = vaultName !== undefined ? `vault "${vaultName}"` : "its vault";
      const why = wanted === "consistent" ? `most names in ${where} are ${style}` : `${where} uses ${style}`;
      for (const m of named) {
        if (STYLE_TEST[style].test(m.displayName)) continue;
        report(
          `${subject(m.type, m.name)}: name "${m.displayName}" is not ${style}, but ${why} — rename it in that style (e.g. ${STYLE_EXAMPLE[style]})`,
          m.urn,
        );
      }
    }
  },
};
