// The reference layout, resource by resource: one vault `infrastructure`, a folder tree per
// environment, records with generated passwords and secret custom fields, tags, service accounts and
// teams with least-privilege folder grants (access.ts), and the outputs CI and other stacks use.
// The data lives in layout.ts; this file turns it into resources. `pulumi up` runs this file.
import * as pulumi from "@pulumi/pulumi";
import * as passwork from "pulumi-passwork";
import { declareAccess } from "./access";
import { FolderPath, folderNames, folderPaths, records, secretEnvName, vaultName } from "./layout";

const config = new pulumi.Config();
// With `passwork:secretsInState none` (docs/secrets-in-state.md) no secret value is a program input:
// the provider reads each one from an environment variable when it writes the record.
const secretsInState = new pulumi.Config("passwork").get("secretsInState");

/** Logical resource names derive from paths, never from display names, so a rename stays an update. */
const logicalName = (path: string) => path.replace(/\//g, "-");
const lastSegment = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const parentOf = (path: string): FolderPath | undefined =>
  path.includes("/") ? (path.slice(0, path.lastIndexOf("/")) as FolderPath) : undefined;

const vault = new passwork.Vault("infrastructure", { name: vaultName, vaultType: "company" });

const folders = new Map<FolderPath, passwork.Folder>();
for (const path of folderPaths) {
  const parent = parentOf(path);
  const parentFolder = parent === undefined ? undefined : folders.get(parent);
  folders.set(
    path,
    new passwork.Folder(logicalName(path), {
      name: folderNames[path] ?? lastSegment(path),
      vaultId: vault.id,
      ...(parentFolder ? { parentFolderId: parentFolder.id } : {}),
    }),
  );
}

const recordsByPath = new Map<string, passwork.Record>();
for (const spec of records) {
  const folder = folders.get(spec.folder as FolderPath);
  if (folder === undefined)
    throw new Error(`record ${spec.name}: folder "${spec.folder}" is not in layout.ts folderPaths`);
  const customFields: Record<string, passwork.CustomFieldArgs> = Object.fromEntries(
    Object.entries(spec.fields).map(([name, field]) => [
      name,
      field.secretFrom !== undefined && secretsInState === "none"
        ? { type: field.type, valueFrom: { env: secretEnvName(field.secretFrom) } }
        : {
            type: field.type,
            // Secrets that come from elsewhere are stack config secrets (Pulumi.yaml lists them).
            value:
              field.secretFrom !== undefined ? config.requireSecret(field.secretFrom) : (field.value ?? ""),
          },
    ]),
  );
  const path = `${spec.folder}/${spec.name}`;
  recordsByPath.set(
    path,
    new passwork.Record(logicalName(path), {
      name: spec.name,
      vaultId: vault.id,
      folderId: folder.id,
      description: spec.description,
      tags: spec.tags,
      customFields,
      ...(spec.login !== undefined ? { login: spec.login } : {}),
      ...(spec.url !== undefined ? { url: spec.url } : {}),
      ...(spec.generatePassword !== undefined ? { generatePassword: spec.generatePassword } : {}),
      ...(spec.rotation !== undefined ? { rotation: spec.rotation } : {}),
    }),
  );
}

const access = declareAccess(folders, logicalName);
// Who can read what, computed from the server once the grants are applied: for review in PRs.
const report = passwork.effectiveAccess({ vaultId: vault.id, dependsOn: access.grants });

const byPath = <T>(entries: [string, pulumi.Output<T>][]) =>
  pulumi.all(Object.fromEntries(entries)) as pulumi.Output<Record<string, T>>;
const foldersWithRecords = [
  ...new Set([...recordsByPath.keys()].map((p) => p.slice(0, p.lastIndexOf("/")))),
].sort();

// Stack outputs: other stacks read them through a StackReference (see ../consumer).
export const vaultId = vault.id;
export const folderIds = byPath([...folders].map(([path, f]) => [path, f.id]));
export const recordIds = byPath([...recordsByPath].map(([path, r]) => [path, r.id]));
export const execCommands = byPath(
  foldersWithRecords.map((path) => [
    path,
    pulumi.interpolate`passwork-cli exec --folder-id ${folders.get(path as FolderPath)!.id} <command>`,
  ]),
);
export const effectiveAccess = report.markdown;
