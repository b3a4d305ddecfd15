import * as pulumi from "@pulumi/pulumi";
import { PassworkResource, type Registration } from "./base";

/** Who a grant is for: exactly one of a user, a group or a service account id (see getUser / getGroup / getServiceAccount). */
export type PrincipalArgs =
  | { userId: pulumi.Input<string> }
  | { groupId: pulumi.Input<string> }
  | { serviceAccountId: pulumi.Input<string> };

/**
 * Passwork access levels, lowest to highest. `forbidden` is an explicit deny that hides the directory.
 * `connect` is not a level: Passwork's "Connect without access" — a user or service account is a direct
 * member with no level of its own there (the level comes from a direct grant higher up, else from its
 * groups; under client-side encryption the vault key is still shared). Groups cannot take it.
 */
export type AccessLevelArg = "forbidden" | "read" | "edit" | "full" | "admin" | "connect";

/** Arguments of a {@link VaultAccess}. */
export interface VaultAccessArgs {
  /** The vault. Changing it replaces the grant. */
  vaultId: pulumi.Input<string>;
  /** The grantee. Changing it replaces the grant (`{userId: X}` ↔ `{serviceAccountId: X}` is the same grant). */
  principal: pulumi.Input<PrincipalArgs>;
  /** The level; changing it is an in-place update. Under client-side encryption the vault key is shared with a user grantee. */
  level: pulumi.Input<AccessLevelArg>;
}

const VAULT_ACCESS: Registration = { kind: "vault-access" };

/**
 * One direct grant on a vault (`pulumi-nodejs:dynamic/passwork:VaultAccess`). Folders inherit it unless
 * a nearer grant overrides it. A level changed outside Pulumi shows on refresh and is restored by the
 * next update; a grant removed outside disappears from the state on refresh.
 *
 * Refused at preview (and again before any change): removing or downgrading the provider's own admin
 * access (lockout guard), the vault's last administrator, a level above `passwork:accessRules`, and a
 * vault that an {@link AccessPolicy} of this deployment owns.
 */
export class VaultAccess extends PassworkResource {
  /** The vault id. */
  declare public readonly vaultId: pulumi.Output<string>;
  /** The grantee as declared. */
  declare public readonly principal: pulumi.Output<PrincipalArgs>;
  /** The level on the server (after refresh: what is really there). */
  declare public readonly level: pulumi.Output<AccessLevelArg>;
  /** `user` (users and service accounts) or `group`: the wire principal type. */
  declare public readonly principalType: pulumi.Output<"user" | "group">;
  /** The grantee's id. */
  declare public readonly principalId: pulumi.Output<string>;

  constructor(name: string, args: VaultAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      VAULT_ACCESS,
      name,
      { ...args, principalType: undefined, principalId: undefined, managedBy: undefined },
      opts,
    );
  }
}
