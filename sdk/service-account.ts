import * as pulumi from "@pulumi/pulumi";
import { PassworkResource, type Registration } from "./base";

/** Arguments of a {@link ServiceAccount}. */
export interface ServiceAccountArgs {
  /** The login (unique). Changing it replaces the account (the old one is deleted first). */
  login: pulumi.Input<string>;
  /** Display name; defaults to the login. */
  fullName?: pulumi.Input<string> | undefined;
  /** A role code (`user`, `admin`, …) or a role id; default `user`. See getRole. */
  role?: pulumi.Input<string> | undefined;
  /** Group ids (a set). Leave it out to manage membership on {@link Group} `members` instead. */
  groups?: pulumi.Input<pulumi.Input<string>[]> | undefined;
  /** On create, take over an existing service account with this login instead of making a new one. */
  adopt?: pulumi.Input<boolean> | undefined;
}

const SERVICE_ACCOUNT: Registration = { kind: "service-account", idAlias: "serviceAccountId" };

/**
 * A Passwork service account (`pulumi-nodejs:dynamic/passwork:ServiceAccount`): a user that signs in
 * only with API tokens. Tokens are issued in Passwork, never by this resource, so no secret is in state.
 * Give it access with VaultAccess / FolderAccess (`principal: { serviceAccountId: sa.id }`).
 */
export class ServiceAccount extends PassworkResource {
  /** The account id (same as `id`). */
  declare public readonly serviceAccountId: pulumi.Output<string>;
  declare public readonly login: pulumi.Output<string>;
  declare public readonly fullName: pulumi.Output<string>;
  /** The role as declared (code or id). */
  declare public readonly role: pulumi.Output<string>;
  declare public readonly roleId: pulumi.Output<string>;
  /** Group ids on the server. */
  declare public readonly groups: pulumi.Output<string[]>;

  constructor(name: string, args: ServiceAccountArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      SERVICE_ACCOUNT,
      name,
      {
        fullName: undefined,
        role: undefined,
        groups: undefined,
        ...args,
        roleId: undefined,
        groupsManaged: undefined,
      },
      opts,
    );
  }
}
