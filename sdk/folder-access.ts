import * as pulumi from "@pulumi/pulumi";
import { PassworkResource, type Registration } from "./base";
import type { AccessLevelArg, PrincipalArgs } from "./vault-access";

/** Arguments of a {@link FolderAccess}. */
export interface FolderAccessArgs {
  /** The folder. Changing it replaces the grant. */
  folderId: pulumi.Input<string>;
  /** The grantee. Changing it replaces the grant. */
  principal: pulumi.Input<PrincipalArgs>;
  /** The level; changing it is an in-place update. It overrides what the folder inherits for this principal. */
  level: pulumi.Input<AccessLevelArg>;
}

const FOLDER_ACCESS: Registration = { kind: "folder-access" };

/**
 * One direct grant on a folder (`pulumi-nodejs:dynamic/passwork:FolderAccess`). Same rules as
 * {@link VaultAccess}: drift is shown and restored; guards refuse lockout and rule violations; a
 * folder owned by an {@link AccessPolicy} of this deployment is refused.
 */
export class FolderAccess extends PassworkResource {
  /** The folder id. */
  declare public readonly folderId: pulumi.Output<string>;
  /** The grantee as declared. */
  declare public readonly principal: pulumi.Output<PrincipalArgs>;
  /** The level on the server. */
  declare public readonly level: pulumi.Output<AccessLevelArg>;
  /** `user` (users and service accounts) or `group`. */
  declare public readonly principalType: pulumi.Output<"user" | "group">;
  /** The grantee's id. */
  declare public readonly principalId: pulumi.Output<string>;

  constructor(name: string, args: FolderAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      FOLDER_ACCESS,
      name,
      { ...args, principalType: undefined, principalId: undefined, managedBy: undefined },
      opts,
    );
  }
}
