/**
 * passwork:AccessPolicy — the complete, authoritative set of direct grants on one vault or folder.
 * Implementation: provider/access/policy-resource.ts (endpoints, preview lists, guards, claims).
 */
export { policyProvider as provider } from "../access/policy-resource";
