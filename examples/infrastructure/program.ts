// The reference layout as a Pulumi program: one vault `infrastructure`, a folder tree per environment,
// records with generated passwords and secret custom fields, tags, service accounts with least-privilege
// folder grants (access.ts), and outputs that CI can use
// (`passwork-cli exec --folder-id ...`). Exported as a function so the engine tests and the demo can
// run it inline, and index.ts can run it as a project directory.
import * as pulumi from "@pulumi/pulumi";
import * as passwork from "pulumi-passwork";
import { declareAccess } from "./access";
import { FolderPath, folderPaths, records as defaultRecords, RecordSpec, vaultName } from "./layout";

export interface InfrastructureOptions {
  /** Replaces the records of layout.ts (tests change one field this way). */
  records?: RecordSpec[];
  /** Display names per folder path (a rename keeps the resource: same logical name, new `name`). */
  folderNames?: Partial<Record<FolderPath, string>>;
}

/** Logical resource names derive from paths, never from display names, so renames stay updates. */
const logicalName = (path: string) => path.replace(/\//g, "-");
const lastSegment = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const parentOf = (path: string): FolderPath | undefined =>
  path.includes("/") ? (path.slice(0, path.lastIndexOf("/")) as FolderPath) : undefined;
/** With `passwork:secretsInState none`, a secret comes from this environment variable (mysqlRootPassword → MYSQL_ROOT_PASSWORD). */
export const secretEnvName = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

export function infrastructureProgram(
  options: InfrastructureOptions = {},
): () => Promise<Record<string, unknown>> {
  return async () => {
    const config = new pulumi.Config();
    // docs/secrets-in-state.md: in `none` mode no secret value is a program input, only a reference.
    const secretsInState = new pulumi.Config("passwork").get("secretsInState");
    const vault = new passwork.Vault("infrastructure", { name: vaultName, vaultType: "company" });

    const folders = new Map<FolderPath, passwork.Folder>();
    for (const path of folderPaths) {
      const parent = parentOf(path);
      const parentFolder = parent === undefined ? undefined : folders.get(parent);
      folders.set(
        path,
        new passwork.Folder(logicalName(path), {
          name: options.folderNames?.[path] ?? lastSegment(path),
          vaultId: vault.id,
          ...(parentFolder ? { parentFolderId: parentFolder.id } : {}),
        }),
      );
    }

    const records = new Map<string, passwork.Record>();
    for (const spec of options.records ?? defaultRecords) {
      const folder = folders.get(spec.folder as FolderPath);
      if (folder === undefined)
        throw new Error(`record ${spec.name}: folder "${spec.folder}" is not in layout.ts folderPaths`);
      const customFields = Object.fromEntries(
        Object.entries(spec.fields).map(([name, field]) => [
          name,
          field.secretFrom !== undefined && secretsInState === "none"
            ? { type: field.type, valueFrom: { env: secretEnvName(field.secretFrom) } }
            : {
                type: field.type,
                value:
                  field.secretFrom !== undefined
                    ? config.requireSecret(field.secretFrom)
                    : (field.value ?? ""),
              },
        ]),
      );
      const path = `${spec.folder}/${spec.name}`;
      records.set(
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
    // Who can read what, computed from the server once the grants are applied: for review in the demo/PRs.
    const report = passwork.effectiveAccess({ vaultId: vault.id, dependsOn: access.grants });

    const byPath = <T>(entries: [string, pulumi.Output<T>][]) =>
      pulumi.all(Object.fromEntries(entries)) as pulumi.Output<Record<string, T>>;
    const foldersWithRecords = [
      ...new Set([...records.keys()].map((p) => p.slice(0, p.lastIndexOf("/")))),
    ].sort();
    return {
      vaultId: vault.id,
      folderIds: byPath([...folders].map(([path, f]) => [path, f.id])),
      recordIds: byPath([...records].map(([path, r]) => [path, r.id])),
      execCommands: byPath(
        foldersWithRecords.map((path) => [
          path,
          pulumi.interpolate`passwork-cli exec --folder-id ${folders.get(path as FolderPath)!.id} <command>`,
        ]),
      ),
      effectiveAccess: report.markdown,
    };
  };
}
