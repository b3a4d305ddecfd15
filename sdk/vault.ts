import * as pulumi from "@pulumi/pulumi";
import { PassworkResource, type Registration } from "./base";

/** Arguments of a {@link Vault}. */
export interface VaultArgs {
  /** The vault's name as shown in Passwork. Renaming is an in-place update. */
  name: pulumi.Input<string>;
  /**
   * The vault type: `"company"`, `"privateShared"` or a vault type id. Changing it replaces the
   * vault (Passwork cannot change a vault's type through the API). Default: the server's default.
   */
  vaultType?: pulumi.Input<string> | undefined;
  /** Delete the vault even when it still holds folders or records this stack does not manage. Default false. */
  forceDestroy?: pulumi.Input<boolean> | undefined;
  /** On create, take over an existing vault with exactly this name instead of making a new one. */
  adopt?: pulumi.Input<boolean> | undefined;
}

const VAULT: Registration = { kind: "vault", idAlias: "vaultId" };

/**
 * A Passwork vault. Its type token is `pulumi-nodejs:dynamic/passwork:Vault`.
 *
 * Deleting it sends it to Passwork's bin; a vault holding content this stack does not manage is only
 * deleted with `forceDestroy: true`.
 */
export class Vault extends PassworkResource {
  /** The vault id (same as `id`). */
  declare public readonly vaultId: pulumi.Output<string>;
  /** The vault's name. */
  declare public readonly name: pulumi.Output<string>;
  /** The id of the vault's type. */
  declare public readonly typeId: pulumi.Output<string>;

  constructor(name: string, args: VaultArgs, opts?: pulumi.CustomResourceOptions) {
    super(VAULT, name, { ...args, typeId: undefined }, opts);
  }
}
