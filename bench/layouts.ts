/**
 * The three programs compared at each size N: the Passwork layout (1 vault, ⌈N/10⌉ folders, N records,
 * one FolderAccess grant per folder); the mirror floor layout (the same program, the same resources'
 * declared properties and secrets, through the no-op provider of bench/floor/mirror.ts); and the minimal
 * floor layout (the same number of resources with the same dependency shape — vault → folders → records
 * and grants — through bench/floor/provider.ts, four small properties each).
 */
import * as pulumi from "@pulumi/pulumi";
import { Folder, Record as PassworkRecord, Vault } from "../sdk";
import type { FolderArgs } from "../sdk/folder";
import type { RecordArgs } from "../sdk/record";
import type { VaultArgs } from "../sdk/vault";
import { FloorResource } from "./floor/provider";
import { MirrorFolder, MirrorFolderAccess, MirrorRecord, MirrorVault } from "./floor/mirror";
import { folderAccessClass } from "./access-resource";

export interface LayoutOptions {
  /** Number of records. */
  records: number;
  /** Unique per run: vault name and password material. */
  runId: string;
  /** Service account that receives one read grant per folder. */
  grantee: string;
  /** Index of one record whose description is changed (the "one change" preview). */
  changedRecord?: number;
}

export const folderCount = (records: number): number => Math.ceil(records / 10);

/** Resources in each layout, the stack itself not counted. */
export const resourceCount = (records: number): number => 1 + 2 * folderCount(records) + records;

type Ctor<A> = new (name: string, args: A, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The grant the layout declares (both the sdk's and the bench shim's FolderAccess take it). */
interface GrantArgs {
  folderId: pulumi.Input<string>;
  principal: { serviceAccountId: string };
  level: "read";
}

/** The classes a layout declares its resources with: the sdk's, or the mirror floor's. */
interface LayoutClasses {
  Vault: Ctor<VaultArgs>;
  Folder: Ctor<FolderArgs>;
  FolderAccess: Ctor<GrantArgs>;
  Record: Ctor<RecordArgs>;
}

/** The Passwork program, with whichever classes: the same names, args, dependencies and stack outputs. */
function layoutWith(o: LayoutOptions, c: LayoutClasses): Record<string, unknown> {
  const vault = new c.Vault("vault", { name: `bench-${o.runId}`, forceDestroy: true });
  const folders: pulumi.CustomResource[] = [];
  for (let f = 0; f < folderCount(o.records); f++) {
    const folder = new c.Folder(`folder-${f}`, {
      name: `service-${f}`,
      vaultId: vault.id,
      forceDestroy: true,
    });
    new c.FolderAccess(`grant-${f}`, {
      folderId: folder.id,
      principal: { serviceAccountId: o.grantee },
      level: "read",
    });
    folders.push(folder);
  }
  for (let i = 0; i < o.records; i++) {
    const folder = folders[Math.floor(i / 10)] as pulumi.CustomResource;
    new c.Record(`record-${i}`, {
      name: `SECRET_${i}`,
      vaultId: vault.id,
      folderId: folder.id,
      login: `svc-${i}`,
      url: `https://svc-${i}.internal.example`,
      description: i === o.changedRecord ? "changed" : `record ${i}`,
      tags: ["bench", `tier-${i % 3}`],
      password: `pw-${o.runId}-${i}`,
      customFields: { API_KEY: { value: `key-${o.runId}-${i}`, type: "password" } },
    });
  }
  return { vaultId: vault.id };
}

export function passworkLayout(o: LayoutOptions): () => Promise<Record<string, unknown>> {
  return async () =>
    layoutWith(o, { Vault, Folder, FolderAccess: folderAccessClass().cls, Record: PassworkRecord });
}

/**
 * The same-resources floor: the program of {@link passworkLayout} through the no-op provider of
 * bench/floor/mirror.ts (same declared properties, secrets and output keys; no HTTP).
 */
export function mirrorLayout(o: LayoutOptions): () => Promise<Record<string, unknown>> {
  return async () =>
    layoutWith(o, {
      Vault: MirrorVault,
      Folder: MirrorFolder,
      FolderAccess: MirrorFolderAccess,
      Record: MirrorRecord,
    });
}

/** The minimal floor: as many resources, the same dependency shape, four small properties each. */
export function floorLayout(o: LayoutOptions): () => Promise<Record<string, unknown>> {
  return async () => {
    const vault = new FloorResource("vault", { name: `bench-${o.runId}` });
    const folders: FloorResource[] = [];
    for (let f = 0; f < folderCount(o.records); f++) {
      const folder = new FloorResource(`folder-${f}`, { name: `service-${f}`, value: vault.id });
      new FloorResource(`grant-${f}`, { name: `grant-${f}`, value: folder.id });
      folders.push(folder);
    }
    for (let i = 0; i < o.records; i++) {
      const folder = folders[Math.floor(i / 10)] as FloorResource;
      new FloorResource(`record-${i}`, {
        name: `SECRET_${i}`,
        value: pulumi.interpolate`${folder.id}/${i === o.changedRecord ? "changed" : `record ${i}`}`,
        secretValue: pulumi.secret(`pw-${o.runId}-${i}`),
      });
    }
    return { vaultId: vault.id };
  };
}
