/**
 * FIXTURE — the sdk/shim.ts of pulumi-passwork 0.1.0 and earlier (last in commit ca107d1), frozen. Every resource made by
 * those versions stores the closure-serialized text of one of these objects under `__provider`, and the
 * dynamic-provider host keeps using that stored text for read and delete (and diff/check until the
 * resource is next updated). Tests serialize these objects to reproduce those texts and prove they still
 * load and work: dist/provider/resources/<kind>.js `.provider` and dist/provider/configure.js
 * `.configure` are a contract with every old state. Do not edit (except for the import below).
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
export const vaultAccessProvider = shimFor("vault-access");
export const folderAccessProvider = shimFor("folder-access");
export const accessPolicyProvider = shimFor("access-policy");
export const groupProvider = shimFor("group");
export const serviceAccountProvider = shimFor("service-account");
