/**
 * What every resource class of the sdk does the same way, written once: the type token
 * `pulumi-nodejs:dynamic/passwork:<Type>` (public API: never rename a type), the stored provider (the
 * text of sdk/shim.ts, added here and nowhere else), secret outputs, the promise-trace pause around
 * registration (./promise-traces), the capped creation stack Pulumi stores (./creation-trace) and the
 * output that aliases `id` (./options).
 *
 * It registers a `pulumi.CustomResource` itself rather than through `pulumi.dynamic.Resource`, which
 * does only two things: put its closure-serialized provider under `__provider` and register the
 * type `pulumi-nodejs:dynamic/<module>:<type>`. Both are done here, with the hand-written text.
 */
import * as pulumi from "@pulumi/pulumi";
import { capCreationTrace } from "./creation-trace";
import { withSecretOutputs } from "./options";
import { pausePromiseTraces } from "./promise-traces";
import { storedProviderText, type ResourceKind } from "./shim";

/** The Pulumi type name of each kind: the last part of its type token. */
export const TYPE_NAMES = {
  vault: "Vault",
  folder: "Folder",
  record: "Record",
  "record-tag": "RecordTag",
  shortcut: "Shortcut",
  "vault-access": "VaultAccess",
  "folder-access": "FolderAccess",
  "access-policy": "AccessPolicy",
  group: "Group",
  "service-account": "ServiceAccount",
} as const satisfies { [kind in ResourceKind]: string };

/** The type token of a kind: the dynamic-provider package, module `passwork`, the kind's type name. */
export const typeToken = (kind: ResourceKind): string => `pulumi-nodejs:dynamic/passwork:${TYPE_NAMES[kind]}`;

/** How a class registers; the same for every instance of it. */
export interface Registration {
  kind: ResourceKind;
  /** Outputs always stored encrypted, added to the user's `additionalSecretOutputs`. */
  secretOutputs?: readonly string[];
  /** The output documented as "same as `id`" (e.g. `vaultId`): set to `this.id`, never registered. */
  idAlias?: string;
}

export abstract class PassworkResource extends pulumi.CustomResource {
  /**
   * Registers the resource. `props` are its inputs plus every declared output as `undefined`
   * (a declared property the provider fills); only `__provider` is added to them here.
   */
  protected constructor(
    registration: Registration,
    name: string,
    props: pulumi.Inputs,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const { kind, secretOutputs, idAlias } = registration;
    if ("__provider" in props) throw new Error(`${TYPE_NAMES[kind]} "${name}": __provider is reserved`);
    const options = secretOutputs === undefined ? opts : withSecretOutputs(opts, secretOutputs);
    const traces = pausePromiseTraces();
    const creation = capCreationTrace();
    try {
      super(typeToken(kind), name, { ...props, __provider: storedProviderText(kind) }, options);
    } catch (err) {
      creation.restore();
      throw traces.rethrow(err);
    }
    creation.restore();
    traces.resume();
    if (idAlias !== undefined) Object.assign(this, { [idAlias]: this.id });
  }
}
