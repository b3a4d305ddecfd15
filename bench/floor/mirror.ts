/**
 * The same-resources floor: Vault, Folder, FolderAccess and Record as the sdk declares them (same args, same
 * declared properties, same `pulumi.secret` inputs and secret outputs), through a no-op dynamic provider whose
 * outputs have the same keys as our provider's. No HTTP, no zod, no client: what our resources cost above
 * these is our provider's; what these cost above the minimal floor (./provider.ts) is the engine's and
 * @pulumi/pulumi's price of the property surface, paid by any provider of these resources.
 * tests/engine/floor-mirror.spec.ts checks the state of both layouts has the same shape.
 */
import * as pulumi from "@pulumi/pulumi";
import type { FolderArgs } from "../../sdk/folder";
import type { FolderAccessArgs } from "../../sdk/folder-access";
import { RECORD_SECRET_OUTPUTS, recordProps, type RecordArgs } from "../../sdk/record";
import type { VaultArgs } from "../../sdk/vault";
import { withSecretOutputs } from "../../sdk/options";

type Kind = "Vault" | "Folder" | "FolderAccess" | "Record";
type Props = Record<string, unknown>;

/**
 * The no-op provider of one kind. Serialized by value into every resource's `__provider` (stored twice per
 * resource, in inputs and outputs): it captures only `kind`, its kind's `outs`, and the computed keys; its
 * methods use only globals and `require`, and it is kept terse (no comments inside the methods). Its text is
 * 2.4–2.7 kB, what `pulumi.dynamic.Resource` stores for a provider written in the program; ours store a
 * 70-byte text that names the package instead (sdk/shim.ts), so our state is smaller than this floor's.
 *
 * - check: the news, plus the defaults our check adds to a record's canonical inputs (tags, customFields);
 * - diff: every key but `__provider` and the computed outputs, JSON equality (never a replace: the
 *   benchmark changes no property that replaces);
 * - create: a random 24-hex id (ours: ObjectIds, and `<folderId>:user:<principalId>` for a grant) and
 *   `outs`, the outputs our provider returns (same keys, values of similar size);
 * - read echoes, update returns `outs` of the news, delete does nothing.
 */
function mirrorProvider(
  kind: Kind,
  outs: (id: string, inputs: Props) => Props,
): pulumi.dynamic.ResourceProvider {
  const skip = ["__provider", ...Object.keys(outs("", {}))];
  return {
    check: async (_olds: Props, news: Props) => ({
      inputs: kind === "Record" ? { tags: [], customFields: {}, ...news } : news,
    }),
    diff: async (_id: string, olds: Props, news: Props) => ({
      changes: Object.keys({ ...olds, ...news }).some(
        (k) => !skip.includes(k) && JSON.stringify(olds[k]) !== JSON.stringify(news[k]),
      ),
    }),
    create: async (inputs: Props) => {
      const id = require("crypto").randomBytes(12).toString("hex") as string;
      return { id, outs: outs(id, inputs) };
    },
    read: async (id: string, props: Props) => ({ id, props }),
    update: async (id: string, _olds: Props, news: Props) => ({ outs: outs(id, news) }),
    delete: async () => {},
  };
}

// The outputs per kind (provider/resources/vault.ts, folder.ts, record.ts, access/grant-resource.ts): the
// checked inputs (without `__provider`) and the computed ones (never the id itself, which ours do not
// store either): a vault's typeId; a folder's path (here its name); a grant's principal type, id and owner mark; a record's
// path (here its name) and envVars (what `passwork-cli exec` exports: the password under the record's name
// and the fields' values under their names; ours also sanitizes names and skips totp fields).
const vaultProvider = mirrorProvider("Vault", (id, { __provider: _p, ...i }) => ({
  ...i,
  typeId: [...id].reverse().join(""),
}));
const folderProvider = mirrorProvider("Folder", (_id, { __provider: _p, ...i }) => ({
  ...i,
  path: i["name"],
}));
const folderAccessProvider = mirrorProvider("FolderAccess", (_id, { __provider: _p, ...i }) => {
  const p = (i["principal"] ?? {}) as Record<string, string>;
  const principalType = "groupId" in p ? "group" : "user";
  return { ...i, principalType, principalId: Object.values(p)[0], managedBy: "FolderAccess" };
});
const recordProvider = mirrorProvider("Record", (_id, { __provider: _p, ...i }) => {
  const fields = Object.entries((i["customFields"] ?? {}) as Record<string, Props>);
  const env = [[i["name"], { value: i["password"] }], ...fields].map(([k, f]) => [k, (f as Props)["value"]]);
  return { ...i, path: i["name"], envVars: Object.fromEntries(env) };
});

/** sdk's Vault: `{...args, typeId}`; `vaultId` is an alias of `id`. */
export class MirrorVault extends pulumi.dynamic.Resource {
  declare public readonly vaultId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly typeId: pulumi.Output<string>;

  constructor(name: string, args: VaultArgs, opts?: pulumi.CustomResourceOptions) {
    super(vaultProvider, name, { ...args, typeId: undefined }, opts, "floor", "Vault");
    this.vaultId = this.id;
  }
}

/** sdk's Folder: `{parentFolderId, ...args, path}`; `folderId` is an alias of `id`. */
export class MirrorFolder extends pulumi.dynamic.Resource {
  declare public readonly folderId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly vaultId: pulumi.Output<string>;
  declare public readonly parentFolderId: pulumi.Output<string | undefined>;
  declare public readonly path: pulumi.Output<string>;

  constructor(name: string, args: FolderArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      folderProvider,
      name,
      { parentFolderId: undefined, ...args, path: undefined },
      opts,
      "floor",
      "Folder",
    );
    this.folderId = this.id;
  }
}

/** sdk's FolderAccess: `{...args, principalType, principalId, managedBy}`. */
export class MirrorFolderAccess extends pulumi.dynamic.Resource {
  declare public readonly folderId: pulumi.Output<string>;
  declare public readonly level: pulumi.Output<string>;
  declare public readonly principalType: pulumi.Output<"user" | "group">;
  declare public readonly principalId: pulumi.Output<string>;

  constructor(name: string, args: FolderAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      folderAccessProvider,
      name,
      { ...args, principalType: undefined, principalId: undefined, managedBy: undefined },
      opts,
      "floor",
      "FolderAccess",
    );
  }
}

/** sdk's Record: the same declared properties, secret inputs and secret outputs; `recordId` aliases `id`. */
export class MirrorRecord extends pulumi.dynamic.Resource {
  declare public readonly recordId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly password: pulumi.Output<string | undefined>;
  declare public readonly envVars: pulumi.Output<{ [name: string]: string }>;
  declare public readonly path: pulumi.Output<string>;

  constructor(name: string, args: RecordArgs, opts?: pulumi.CustomResourceOptions) {
    const props = recordProps(args); // the sdk's own: same declared properties and secret inputs
    super(recordProvider, name, props, withSecretOutputs(opts, RECORD_SECRET_OUTPUTS), "floor", "Record");
    this.recordId = this.id;
  }
}
