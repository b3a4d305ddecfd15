import * as pulumi from "@pulumi/pulumi";
import { PassworkResource, type Registration } from "./base";
import type { AccessLevelArg, PrincipalArgs } from "./vault-access";

/** One declared grant of an {@link AccessPolicy}. */
export interface PolicyGrantArgs {
  principal: pulumi.Input<PrincipalArgs>;
  level: pulumi.Input<AccessLevelArg>;
}

/** Arguments of an {@link AccessPolicy}: exactly one of `vaultId` or `folderId`. */
export type AccessPolicyArgs = (
  | { vaultId: pulumi.Input<string>; folderId?: undefined }
  | { folderId: pulumi.Input<string>; vaultId?: undefined }
) & {
  /** The complete set of direct grants on the directory. Grants not listed are removed on update. */
  grants: pulumi.Input<pulumi.Input<PolicyGrantArgs>[]>;
};

const ACCESS_POLICY: Registration = { kind: "access-policy" };

/**
 * The complete, authoritative set of direct grants on one vault or folder
 * (`pulumi-nodejs:dynamic/passwork:AccessPolicy`).
 *
 * - Grants on the server that are not declared are removed by the next update. `pulumi preview --diff`
 *   lists them under `willRemove` (and declared grants changed outside under `drift`); after an update,
 *   `removed` says what was removed. (Dynamic providers cannot send a detailed per-grant diff.)
 * - On a vault, declare the provider's own admin grant: the lockout guard refuses a policy that drops it.
 * - Do not combine with {@link VaultAccess}/{@link FolderAccess} on the same directory: within one
 *   deployment the provider refuses it (with both resources named). Across stacks it cannot see the other
 *   stack: the policy would then remove the other stack's grant and report it in `willRemove`.
 * - Destroying the policy leaves the directory's grants as they are.
 */
export class AccessPolicy extends PassworkResource {
  declare public readonly vaultId: pulumi.Output<string | undefined>;
  declare public readonly folderId: pulumi.Output<string | undefined>;
  /** The declared grants (after refresh: the grants on the server). */
  declare public readonly grants: pulumi.Output<{ principal: PrincipalArgs; level: AccessLevelArg }[]>;
  /** Undeclared grants on the server the next update removes, e.g. `user eve (66…): edit`. */
  declare public readonly willRemove: pulumi.Output<string[]>;
  /** Declared grants missing or at another level on the server; the next update restores them. */
  declare public readonly drift: pulumi.Output<string[]>;
  /** Grants the last create/update removed. */
  declare public readonly removed: pulumi.Output<string[]>;

  constructor(name: string, args: AccessPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      ACCESS_POLICY,
      name,
      {
        vaultId: undefined,
        folderId: undefined,
        ...args,
        willRemove: undefined,
        drift: undefined,
        removed: undefined,
        managedBy: undefined,
      },
      opts,
    );
  }
}
