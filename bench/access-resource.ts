/**
 * The FolderAccess resource the benchmark declares: the sdk's class when this build exports one, else a
 * bench-local class with the same type token (`pulumi-nodejs:dynamic/passwork:FolderAccess`) whose shim
 * loads the provider (provider/resources/folder-access) by package name at call time, like sdk/shim.ts.
 */
import * as pulumi from "@pulumi/pulumi";

export interface FolderAccessArgs {
  folderId: pulumi.Input<string>;
  principal:
    | { serviceAccountId: pulumi.Input<string> }
    | { userId: pulumi.Input<string> }
    | { groupId: pulumi.Input<string> };
  level: pulumi.Input<string>;
}

type AccessClass = new (
  name: string,
  args: FolderAccessArgs,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

const folderAccessShim: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    require("pulumi-passwork/dist/provider/config").configure(req);
  },
  async check(olds, news) {
    return require("pulumi-passwork/dist/provider/resources/folder-access").provider.check(olds, news);
  },
  async diff(id, olds, news) {
    return require("pulumi-passwork/dist/provider/resources/folder-access").provider.diff(id, olds, news);
  },
  async create(inputs) {
    return require("pulumi-passwork/dist/provider/resources/folder-access").provider.create(inputs);
  },
  async read(id, props) {
    return require("pulumi-passwork/dist/provider/resources/folder-access").provider.read(id, props);
  },
  async update(id, olds, news) {
    return require("pulumi-passwork/dist/provider/resources/folder-access").provider.update(id, olds, news);
  },
  async delete(id, props) {
    return require("pulumi-passwork/dist/provider/resources/folder-access").provider.delete(id, props);
  },
};

class BenchFolderAccess extends pulumi.dynamic.Resource {
  constructor(name: string, args: FolderAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(folderAccessShim, name, { ...args }, opts, "passwork", "FolderAccess");
  }
}

/** Which class is used, for the results file. */
export function folderAccessClass(): { cls: AccessClass; source: "sdk" | "bench shim" } {
  const sdk = require("../sdk") as { FolderAccess?: AccessClass };
  return typeof sdk.FolderAccess === "function"
    ? { cls: sdk.FolderAccess, source: "sdk" }
    : { cls: BenchFolderAccess, source: "bench shim" };
}
