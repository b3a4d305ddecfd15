/**
 * The two programs compared at each size N: the Passwork layout (1 vault, ⌈N/10⌉ folders, N records,
 * one FolderAccess grant per folder) and the floor layout (the same number of resources with the same
 * dependency shape — vault → folders → records and grants — through the no-op provider of bench/floor).
 */
import * as pulumi from "@pulumi/pulumi";
import { Folder, Record as PassworkRecord, Vault } from "../sdk";
import { FloorResource } from "./floor/provider";
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

/** Resources in either layout, the stack itself not counted. */
export const resourceCount = (records: number): number => 1 + 2 * folderCount(records) + records;

export function passworkLayout(o: LayoutOptions): () => Promise<Record<string, unknown>> {
  return async () => {
    const FolderAccess = folderAccessClass().cls;
    const vault = new Vault("vault", { name: `bench-${o.runId}`, forceDestroy: true });
    const folders: Folder[] = [];
    for (let f = 0; f < folderCount(o.records); f++) {
      const folder = new Folder(`folder-${f}`, {
        name: `service-${f}`,
        vaultId: vault.id,
        forceDestroy: true,
      });
      new FolderAccess(`grant-${f}`, {
        folderId: folder.id,
        principal: { serviceAccountId: o.grantee },
        level: "read",
      });
      folders.push(folder);
    }
    for (let i = 0; i < o.records; i++) {
      const folder = folders[Math.floor(i / 10)] as Folder;
      new PassworkRecord(`record-${i}`, {
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
  };
}

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
