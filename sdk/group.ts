import * as pulumi from "@pulumi/pulumi";
import { groupProvider } from "./shim";
import { pausePromiseTraces } from "./promise-traces";

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

/** A Passwork user group (`pulumi-nodejs:dynamic/passwork:Group`); grant it access with VaultAccess / FolderAccess. */
export class Group extends pulumi.dynamic.Resource {
  /** The group id (same as `id`). */
  declare public readonly groupId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  /** Member ids on the server. */
  declare public readonly members: pulumi.Output<string[]>;

  constructor(name: string, args: GroupArgs, opts?: pulumi.CustomResourceOptions) {
    const traces = pausePromiseTraces(); // see ./promise-traces
    try {
      super(
        groupProvider,
        name,
        { description: undefined, members: undefined, ...args, membersManaged: undefined },
        opts,
        "passwork",
        "Group",
      );
    } catch (err) {
      throw traces.rethrow(err);
    }
    traces.resume();
    this.groupId = this.id; // an alias of id, not a declared property: see ./options
  }
}
