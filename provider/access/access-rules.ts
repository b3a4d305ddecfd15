/**
 * Optional organisation rules from provider config, e.g. `passwork:accessRules` =
 * `[{"principalKind":"serviceAccount","pathPrefix":"production","maxLevel":"read"}]`.
 *
 * A rule caps the level a principal of a kind may be granted on a path inside a vault
 * (`production/databases`; "" = the whole vault), optionally only in the vault named `vault`.
 * A grant on directory G conflicts with a rule on prefix P when G lies under P, or when P lies under G
 * (a grant on an ancestor is inherited by P unless something nearer overrides it; we refuse it anyway,
 * because the override is not guaranteed to stay).
 */
import { z } from "zod";
import { ACCESS_LEVELS, levelRank, type AccessLevel, type GrantLevel } from "./levels";
import type { PrincipalKind } from "./model";

const AccessRuleSchema = z.strictObject({
  principalKind: z.enum(["user", "serviceAccount", "group"]),
  pathPrefix: z.string(),
  maxLevel: z.enum(ACCESS_LEVELS as [AccessLevel, ...AccessLevel[]]),
  vault: z.string().min(1).optional(),
});
export type AccessRule = z.infer<typeof AccessRuleSchema>;

/** Parses the config value; the error names the key, the index, the field and the expected form. */
export function parseAccessRules(raw: string | undefined, key = "passwork:accessRules"): AccessRule[] {
  if (raw === undefined || raw.trim() === "") return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(
      `${key} must be a JSON list such as [{"principalKind":"serviceAccount","pathPrefix":"production","maxLevel":"read"}]`,
    );
  }
  const parsed = z.array(AccessRuleSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    throw new Error(`${key}${at}: ${issue.message}`);
  }
  return parsed.data.map((r) => ({ ...r, pathPrefix: normalizePath(r.pathPrefix) }));
}

export function normalizePath(path: string): string {
  return path
    .split("/")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .join("/");
}

function isUnder(path: string, prefix: string): boolean {
  return prefix === "" || path === prefix || path.startsWith(prefix + "/");
}

export interface RuleSubject {
  principalKind: PrincipalKind;
  principalName: string;
  vaultName: string;
  /** Path of the granted directory inside its vault ("" for the vault). */
  pathInVault: string;
  /** `connect` (Connect without access) has no level of its own: no rule caps it. */
  level: GrantLevel;
}

/** One message per broken rule (empty when the grant is allowed). */
export function ruleViolations(rules: readonly AccessRule[], s: RuleSubject): string[] {
  const path = normalizePath(s.pathInVault);
  const out: string[] = [];
  rules.forEach((rule, i) => {
    if (rule.principalKind !== s.principalKind) return;
    if (rule.vault !== undefined && rule.vault !== s.vaultName) return;
    if (s.level === "connect" || levelRank(s.level) <= levelRank(rule.maxLevel)) return;
    if (!isUnder(path, rule.pathPrefix) && !isUnder(rule.pathPrefix, path)) return;
    const where = path === "" ? `vault ${s.vaultName}` : `${s.vaultName}/${path}`;
    out.push(
      `passwork:accessRules[${i}] allows at most ${rule.maxLevel} for ${rule.principalKind} principals on ` +
        `"${rule.pathPrefix || "(whole vault)"}", but ${s.principalName} would get ${s.level} on ${where}`,
    );
  });
  return out;
}
