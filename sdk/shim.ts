/**
 * The provider objects handed to `pulumi.dynamic.Resource`. Pulumi serializes these functions into
 * every resource's `__provider` input, so each method only loads the implementation by package name
 * when it runs: the serialized text holds no copy of our code, no credential and no absolute path,
 * and a stack made from one checkout can be refreshed from another.
 *
 * `kind` is the only captured value (a string). Keep this file free of imports used inside methods.
 */
import type * as pulumi from "@pulumi/pulumi";

export type ResourceKind =
  | "vault"
  | "folder"
  | "record"
  | "record-tag"
  | "vault-access"
  | "folder-access"
  | "access-policy"
  | "group"
  | "service-account";

/** The shim for one resource kind; `require` runs in the provider process, from the program's directory. */
export function shimFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      require("pulumi-passwork/dist/provider/config").configure(req);
      // Access rules (`passwork:accessRules`) are read by the access settings module.
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

export const vaultProvider = shimFor("vault");
export const folderProvider = shimFor("folder");
export const recordProvider = shimFor("record");
export const recordTagProvider = shimFor("record-tag");
export const vaultAccessProvider = shimFor("vault-access");
export const folderAccessProvider = shimFor("folder-access");
export const accessPolicyProvider = shimFor("access-policy");
export const groupProvider = shimFor("group");
export const serviceAccountProvider = shimFor("service-account");
