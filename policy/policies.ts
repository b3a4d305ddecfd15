/** Every rule of the pack, in the order docs/policy.md lists them. */
import type { Policies } from "@pulumi/policy";
import {
  namedPrincipals,
  groupsOnlyOnProduction,
  serviceAccountCeiling,
  vaultAdministrators,
} from "./rules/access";
import { productionDescriptions } from "./rules/descriptions";
import { fieldCollisions, fieldNames } from "./rules/fields";
import { oneNamingStyle, purposefulNames } from "./rules/names";
import { generatedPasswordLength, generatedPasswords } from "./rules/passwords";
import { categoryTag, environmentMatchesPath, environmentTag } from "./rules/tags";

export const allPolicies: Policies = [
  purposefulNames,
  oneNamingStyle,
  environmentTag,
  categoryTag,
  environmentMatchesPath,
  fieldNames,
  fieldCollisions,
  serviceAccountCeiling,
  groupsOnlyOnProduction,
  vaultAdministrators,
  namedPrincipals,
  generatedPasswords,
  generatedPasswordLength,
  productionDescriptions,
];
