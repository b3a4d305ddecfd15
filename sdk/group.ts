import * as pulumi from "@pulumi/pulumi";
import { PassworkResource, type Registration } from "./base";

/** Arguments of a {@link Group}. */
export interface GroupArgs {
  /** The group's name (unique); renaming is an in-place update. */
  name: pulumi.Input<string>;
  description?: pulumi.Input<string> | undefined;
  /**
   * Member user / service account ids (a set). Leave it out to manage membership elsewhere
   * (e.g. {@link ServiceAccount} `groups`); declare each membership in one place only.
   */
  members?: pulumi.Input<pulumi.Input<string>[]> | undefined;
  /** On create, take over an existing group with this name instead of making a new one. */
  adopt?: pulumi.Input<boolean> | undefined;
}

const GROUP: Registration = { kind: "group", idAlias: "groupId" };

/** A Passwork user group (`pulumi-nodejs:dynamic/passwork:Group`); grant it access with VaultAccess / FolderAccess. */
export class Group extends PassworkResource {
  /** The group id (same as `id`). */
  declare public readonly groupId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  /** Member ids on the server. */
  declare public readonly members: pulumi.Output<string[]>;

  constructor(name: string, args: GroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      GROUP,
      name,
      { description: undefined, members: undefined, ...args, membersManaged: undefined },
      opts,
    );
  }
}
