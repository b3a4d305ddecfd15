import * as pulumi from "@pulumi/pulumi";
import { PassworkResource, type Registration } from "./base";

/** Arguments of a {@link Shortcut}. Every one of them forces a replacement when it changes. */
export interface ShortcutArgs {
  /** The record to show (e.g. `record.id`, or `getRecord(...).recordId` for one managed elsewhere). */
  recordId: pulumi.Input<string>;
  /** The vault the shortcut is shown in. */
  vaultId: pulumi.Input<string>;
  /** The folder the shortcut is shown in; absent = the vault root. */
  folderId?: pulumi.Input<string> | undefined;
}

const SHORTCUT: Registration = { kind: "shortcut", idAlias: "shortcutId" };

/**
 * A record shown in another vault or folder: the same record, not a copy (a copy drifts). Under
 * client-side encryption the record's key is wrapped for the target vault, as Passwork's own clients do.
 * Passwork cannot edit or move a shortcut, so any change of `recordId`, `vaultId` or `folderId` replaces it
 * (the new one is created first). When the record is deleted, the shortcut is gone too (refresh drops it).
 * Its type token is `pulumi-nodejs:dynamic/passwork:Shortcut`.
 */
export class Shortcut extends PassworkResource {
  /** The shortcut id (same as `id`; not the record's id). */
  declare public readonly shortcutId: pulumi.Output<string>;
  declare public readonly recordId: pulumi.Output<string>;
  declare public readonly vaultId: pulumi.Output<string>;
  declare public readonly folderId: pulumi.Output<string | undefined>;
  /** The record's name, as the shortcut shows it. */
  declare public readonly name: pulumi.Output<string>;

  constructor(name: string, args: ShortcutArgs, opts?: pulumi.CustomResourceOptions) {
    super(SHORTCUT, name, { folderId: undefined, ...args, name: undefined }, opts);
  }
}
