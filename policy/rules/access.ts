/**
 * Access: service accounts stay at `read` on production (a named account may be allowed more, e.g. a
 * rotator `edit`); production is granted to groups, never to single users; every vault the stack
 * creates keeps at least two administrators; every grant goes to a principal the stack can name.
 *
 * A directory is production when its path (or a folder below it, for a grant inherited downwards)
 * has a production environment segment; a vault grant reaches every folder of the vault.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import {
  DEFAULT_ENVIRONMENTS,
  DEFAULT_PRODUCTION,
  environmentsSchema,
  exceptionsSchema,
  isExceptedResource,
  isException,
  productionSchema,
  ruleConfig,
  schemaOf,
} from "../config";
import { environmentOfPath, Grant, StackModel } from "../model";
import { subject } from "../subject";
import { ACCESS_LEVELS, CONNECT, levelRank, TYPES } from "../types";
import { str, UNKNOWN } from "../values";

interface ProductionScope {
  environments: string[];
  production: string[];
}

/** Whether a grant on `grant.path` reaches a production directory of its vault. */
function reachesProduction(model: StackModel, grant: Grant, scope: ProductionScope): string | undefined {
  if (grant.path === undefined || grant.vaultKey === undefined) return undefined;
  const isProd = (path: string) => {
    const env = environmentOfPath(path, scope.environments);
    return env !== undefined && scope.production.includes(env);
  };
  if (grant.path !== "" && isProd(grant.path)) return grant.path;
  // The shallowest production folder below the grant names the branch it reaches.
  const below = model
    .folderPathsIn(grant.vaultKey)
    .filter((p) => (grant.path === "" || p.startsWith(`${grant.path}/`)) && isProd(p))
    .sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
  return below[0];
}

const where = (grant: Grant) => (grant.path === "" ? "the whole vault" : `folder "${grant.path}"`);

interface CeilingConfig extends ProductionScope {
  maxLevel: string;
  accounts: { [login: string]: string };
  exceptions: string[];
}
const ceilingDefaults: CeilingConfig = {
  environments: DEFAULT_ENVIRONMENTS,
  production: DEFAULT_PRODUCTION,
  maxLevel: "read",
  accounts: {},
  exceptions: [],
};

export const serviceAccountCeiling: StackValidationPolicy = {
  name: "passwork-service-account-ceiling",
  description:
    "Service accounts get at most read on production paths; `accounts` allows a named account more (e.g. a rotator edit).",
  enforcementLevel: "mandatory",
  configSchema: schemaOf({
    environments: environmentsSchema,
    production: productionSchema,
    maxLevel: {
      enum: [...ACCESS_LEVELS],
      default: "read",
      description: "Highest level a service account may hold on production.",
    },
    accounts: {
      type: "object",
      additionalProperties: { enum: [...ACCESS_LEVELS] },
      default: {},
      description:
        'Per service-account login, the highest level it may hold on production, e.g. {"cred-rotator": "edit"}.',
    },
    exceptions: exceptionsSchema,
  }),
  validateStack: (args, report) => {
    const config = ruleConfig(args, ceilingDefaults);
    const model = new StackModel(args.resources);
    for (const grant of model.grants()) {
      const p = grant.principal;
      if (p === UNKNOWN || p.kind !== "serviceAccount" || typeof grant.level !== "string") continue;
      if (grant.level === CONNECT) continue; // no level of its own: nothing to cap
      if (isException(config.exceptions, grant.node.name)) continue;
      const allowed = (p.label !== undefined ? config.accounts[p.label] : undefined) ?? config.maxLevel;
      if (levelRank(grant.level) <= levelRank(allowed)) continue;
      const prod = reachesProduction(model, grant, config);
      if (prod === undefined) continue;
      const who = p.label !== undefined ? `service account "${p.label}"` : "a service account";
      const reach =
        grant.path === prod
          ? `production folder "${prod}"`
          : `${where(grant)}, which includes production folder "${prod}"`;
      const fix =
        p.label !== undefined
          ? `lower level to ${allowed}, or allow it in the policy config (accounts: {"${p.label}": "${grant.level}"})`
          : `lower level to ${allowed}`;
      report(
        `${subject(grant.node.type, grant.node.name)}: level "${grant.level}" for ${who} on ${reach} is above ${allowed} — ${fix}`,
        grant.node.urn,
      );
    }
  },
};

interface GroupsOnlyConfig extends ProductionScope {
  exceptions: string[];
}

export const groupsOnlyOnProduction: StackValidationPolicy = {
  name: "passwork-groups-only-on-production",
  description: "People reach production through groups: no direct user grants on production paths.",
  enforcementLevel: "mandatory",
  configSchema: schemaOf({
    environments: environmentsSchema,
    production: productionSchema,
    exceptions: exceptionsSchema,
  }),
  validateStack: (args, report) => {
    const config = ruleConfig<GroupsOnlyConfig>(args, {
      environments: DEFAULT_ENVIRONMENTS,
      production: DEFAULT_PRODUCTION,
      exceptions: [],
    });
    const model = new StackModel(args.resources);
    for (const grant of model.grants()) {
      const p = grant.principal;
      // forbidden and connect (Connect without access) give the user no level of their own there.
      if (p === UNKNOWN || p.kind !== "user" || grant.level === "forbidden" || grant.level === CONNECT)
        continue;
      if (isException(config.exceptions, grant.node.name)) continue;
      const prod = reachesProduction(model, grant, config);
      if (prod === undefined) continue;
      const who = p.label !== undefined ? `user "${p.label}"` : `user ${p.id ?? "(id not known yet)"}`;
      report(
        `${subject(grant.node.type, grant.node.name)}: principal is ${who}, granted directly on ${grant.path === prod ? `production folder "${prod}"` : `${where(grant)}, which includes production folder "${prod}"`} — grant a group the user belongs to instead (principal: {groupId})`,
        grant.node.urn,
      );
    }
  },
};

interface AdminConfig {
  minimum: number;
  implicitAdministrators: { [vaultType: string]: number };
  exceptions: string[];
}
const adminDefaults: AdminConfig = { minimum: 2, implicitAdministrators: { company: 1 }, exceptions: [] };

export const vaultAdministrators: StackValidationPolicy = {
  name: "passwork-vault-administrators",
  description:
    "Every vault the stack creates keeps at least two administrators: the identity that creates it, the vault type's administrators, and admin grants.",
  enforcementLevel: "mandatory",
  configSchema: schemaOf({
    minimum: {
      type: "integer",
      minimum: 1,
      default: 2,
      description: "Fewest administrators a vault may have.",
    },
    implicitAdministrators: {
      type: "object",
      additionalProperties: { type: "integer", minimum: 0 },
      default: { company: 1 },
      description:
        "Per vault type, administrators Passwork adds to every vault of that type (they cannot be removed). Set the real number of your organisation's vault-type administrators.",
    },
    exceptions: exceptionsSchema,
  }),
  validateStack: (args, report) => {
    const config = ruleConfig(args, adminDefaults);
    const model = new StackModel(args.resources);
    const grants = model.grants();
    for (const vault of model.ofType(TYPES.vault)) {
      const name = str(vault.props["name"]);
      if (isExceptedResource(config.exceptions, vault.name, vault.props)) continue;
      // An adopted vault keeps the administrators it has on the server; the provider guards the last one.
      if (vault.props["adopt"] === true || vault.props["adopt"] === UNKNOWN) continue;
      const typeValue = str(vault.props["vaultType"]);
      if (typeValue === UNKNOWN) continue;
      const vaultType = typeValue ?? "company"; // the provider's default type
      const admins = new Set<string>();
      let unknownLevel = false;
      for (const g of grants) {
        if (g.vaultKey !== vault.urn || g.path !== "") continue;
        if (g.level === UNKNOWN) unknownLevel = true;
        if (g.level !== "admin" || g.principal === UNKNOWN) continue;
        admins.add(`${g.principal.kind}:${g.principal.label ?? g.principal.id ?? g.node.urn}`);
      }
      if (unknownLevel) continue;
      const implicit = config.implicitAdministrators[vaultType] ?? 0;
      const total = 1 + implicit + admins.size;
      if (total >= config.minimum) continue;
      const parts = [
        `the creating identity`,
        `${implicit} administrator(s) of vault type "${vaultType}"`,
        `${admins.size} admin grant(s)`,
      ];
      report(
        `${subject(vault.type, vault.name)}: vault "${typeof name === "string" ? name : vault.name}" would have ${total} administrator(s) (${parts.join(", ")}), fewer than ${config.minimum} — add a VaultAccess with level "admin" for a group or a second person, so losing one account does not orphan the vault`,
        vault.urn,
      );
    }
  },
};

interface NamedConfig {
  knownPrincipals: { [id: string]: string };
  exceptions: string[];
}

export const namedPrincipals: StackValidationPolicy = {
  name: "passwork-named-principals",
  description:
    "Every grant goes to a principal the stack can name: a ServiceAccount or Group of the stack, one a Layout resolved by name, or an id listed in knownPrincipals.",
  enforcementLevel: "mandatory",
  configSchema: schemaOf({
    knownPrincipals: {
      type: "object",
      additionalProperties: { type: "string" },
      default: {},
      description:
        'Principal ids granted by id (e.g. from getUser), with who they are: {"<id>": "alice (security)"}.',
    },
    exceptions: exceptionsSchema,
  }),
  validateStack: (args, report) => {
    const config = ruleConfig<NamedConfig>(args, { knownPrincipals: {}, exceptions: [] });
    const model = new StackModel(args.resources);
    const seen = new Set<string>();
    for (const grant of model.grants()) {
      const p = grant.principal;
      if (p === UNKNOWN || p.declared || p.id === undefined || config.knownPrincipals[p.id] !== undefined)
        continue;
      if (isException(config.exceptions, grant.node.name)) continue;
      const key = `${grant.node.urn}|${p.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const prop = grant.node.type === TYPES.accessPolicy ? "grants[].principal" : "principal";
      report(
        `${subject(grant.node.type, grant.node.name)}: ${prop} is ${p.kind} id ${p.id}, which no ServiceAccount or Group of this stack declares — declare the principal in the stack (or in a Layout's identities), or name the id in the policy config knownPrincipals`,
        grant.node.urn,
      );
    }
  },
};
