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
  | "shortcut"
  | "vault-access"
  | "folder-access"
  | "access-policy"
  | "group"
  | "service-account";

/**
 * The shim for one resource kind; `require` runs in the provider process, from the program's directory.
 * Kept terse on purpose: its serialized text is stored twice (inputs and outputs) in every resource's
 * state, and the engine rewrites the state at every step.
 */
export function shimFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const impl = () => require("pulumi-passwork/dist/provider/resources/" + kind).provider;
  return {
    configure: async (req) => require("pulumi-passwork/dist/provider/configure").configure(req),
    check: async (olds, news) => impl().check(olds, news),
    diff: async (id, olds, news) => impl().diff(id, olds, news),
    create: async (inputs) => impl().create(inputs),
    read: async (id, props) => impl().read(id, props),
    update: async (id, olds, news) => impl().update(id, olds, news),
    delete: async (id, props) => impl().delete(id, props),
  };
}

export const vaultProvider = shimFor("vault");
export const folderProvider = shimFor("folder");
export const recordProvider = shimFor("record");
export const recordTagProvider = shimFor("record-tag");
export const shortcutProvider = shimFor("shortcut");
export const vaultAccessProvider = shimFor("vault-access");
export const folderAccessProvider = shimFor("folder-access");
export const accessPolicyProvider = shimFor("access-policy");
export const groupProvider = shimFor("group");
export const serviceAccountProvider = shimFor("service-account");

/**
 * The one shim object per kind that every resource of that kind is given (sdk/base.ts): Pulumi caches
 * a provider's serialized text per object, so a new object per resource would serialize it again.
 */
const PROVIDERS: { [kind in ResourceKind]: pulumi.dynamic.ResourceProvider } = {
  vault: vaultProvider,
  folder: folderProvider,
  record: recordProvider,
  "record-tag": recordTagProvider,
  shortcut: shortcutProvider,
  "vault-access": vaultAccessProvider,
  "folder-access": folderAccessProvider,
  "access-policy": accessPolicyProvider,
  group: groupProvider,
  "service-account": serviceAccountProvider,
};

export function providerFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return PROVIDERS[kind];
}
