import * as pulumi from "@pulumi/pulumi";
import { PassworkResource, type Registration } from "./base";

/** Arguments of a {@link Folder}. */
export interface FolderArgs {
  /** The folder's name. Renaming is an in-place update. */
  name: pulumi.Input<string>;
  /** The vault the folder lives in. Changing it replaces the folder. */
  vaultId: pulumi.Input<string>;
  /** The parent folder; absent = at the vault root. Changing it moves the folder (in place). */
  parentFolderId?: pulumi.Input<string> | undefined;
  /** Delete the folder even when it still holds folders or records this stack does not manage. Default false. */
  forceDestroy?: pulumi.Input<boolean> | undefined;
  /** On create, take over an existing folder with this name under the same parent instead of making a new one. */
  adopt?: pulumi.Input<boolean> | undefined;
}

const FOLDER: Registration = { kind: "folder", idAlias: "folderId" };

/** A folder in a Passwork vault. Its type token is `pulumi-nodejs:dynamic/passwork:Folder`. */
export class Folder extends PassworkResource {
  /** The folder id (same as `id`); pass it to `passwork-cli exec --folder-id`. */
  declare public readonly folderId: pulumi.Output<string>;
  /** The folder's name. */
  declare public readonly name: pulumi.Output<string>;
  /** The vault id. */
  declare public readonly vaultId: pulumi.Output<string>;
  /** The parent folder id, absent at the vault root. */
  declare public readonly parentFolderId: pulumi.Output<string | undefined>;
  /** Folder names from the vault root to this folder, e.g. `production/databases`. */
  declare public readonly path: pulumi.Output<string>;

  constructor(name: string, args: FolderArgs, opts?: pulumi.CustomResourceOptions) {
    super(FOLDER, name, { parentFolderId: undefined, ...args, path: undefined }, opts);
  }
}
