/**
 * Provider shims for the access resources (same contract as shim.ts: each method loads the
 * implementation by package name when it runs, so `__provider` holds no code, credential or path).
 * configure() also hands the stack config to the access settings (`passwork:accessRules`).
 * `kind` is the only captured value (a string).
 */
import type * as pulumi from "@pulumi/pulumi";

export type AccessResourceKind = "vault-access" | "folder-access" | "access-policy" | "group" | "service-account";

export function accessShimFor(kind: AccessResourceKind): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      require("pulumi-passwork/dist/provider/config").configure(req);
      require("pulumi-passwork/dist/provider/access/settings").configure(req);
    },
    async check(olds, news) {
      return require("pulumi-passwork/dist/provider/resources/" + kind).provider.check(olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-passwork/dist/provider/resources/" + kind).provider.diff(id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-passwork/dist/provider/resources/" + kind).provider.create(inputs);
    },
    async read(id, props) {
      return require("pulumi-passwork/dist/provider/resources/" + kind).provider.read(id, props);
    },
    async update(id, olds, news) {
      return require("pulumi-passwork/dist/provider/resources/" + kind).provider.update(id, olds, news);
    },
    async delete(id, props) {
      return require("pulumi-passwork/dist/provider/resources/" + kind).provider.delete(id, props);
    },
  };
}

export const vaultAccessProvider = accessShimFor("vault-access");
export const folderAccessProvider = accessShimFor("folder-access");
export const accessPolicyProvider = accessShimFor("access-policy");
export const groupProvider = accessShimFor("group");
export const serviceAccountProvider = accessShimFor("service-account");
