/**
 * The pulumi-passwork policy pack: the rules of a well-kept Passwork, for every stack that uses the
 * resource classes or the Layout component (they create the same resources). Run it with
 * `pulumi preview --policy-pack <path to pulumi-passwork/policy>`; docs/policy.md lists every rule,
 * its default level and its config.
 */
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./policies";

new PolicyPack("pulumi-passwork", { policies: allPolicies });
