/**
 * `Layout`: one component (type `passwork:index:Layout`) that declares a whole vault tree — vault,
 * folders, records, identities and grants — from a `LayoutSpec`, with outputs for other stacks and CI.
 *
 * Child resource names are derived from tree paths (`<name>/folder/production/databases`), never from
 * positions, so adding a branch never renames (and so never replaces) an existing child.
 * The declaration is validated when the component is constructed: every naming and structure problem
 * is reported together at preview, before anything is created.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import type { RecordData } from "../../provider/client";
import { Folder } from "../folder";
import { Record as PassworkRecord, secretsInStateOf, type CustomFieldArgs, type RecordArgs } from "../record";
import { Vault } from "../vault";
import { LayoutError, problemLine } from "./errors";
import { createGrants, type PrincipalIds } from "./grants";
import type { Inventory } from "./inventory";
import { effectiveAccessMarkdown, envVarNames, execCommands } from "./outputs";
import { parseLayoutSpec } from "./parse";
import { planLayout, type LayoutPlan, type PlannedRecord } from "./plan";
import { vaultInventory, withServerClient } from "../on-demand";
import type { LayoutSpec, LayoutSpecInput, PasswordSpec } from "./spec";

export const LAYOUT_TYPE = "passwork:index:Layout";

export interface LayoutArgs {
  /** The declaration: a LayoutSpec value (validated here). See docs/layout.md. */
  spec: LayoutSpecInput;
  /**
   * Ids of identities the declaration's access entries name but the layout does not create, e.g.
   * `{serviceAccounts: {"deploy-prod-svc": sa.id}}`. Names not given here are looked up on the server.
   */
  principalIds?: PrincipalIds;
  /** Passed to the vault and folders: delete them even if they hold content this stack does not manage. */
  forceDestroy?: boolean;
}

export interface UnmanagedContent {
  /** Folder paths on the server the declaration does not mention. */
  folders: string[];
  /** Record paths on the server the declaration does not mention. */
  records: string[];
}

/** What the server already holds for this layout (read in the program process). */
interface Existing {
  inventory: Inventory | undefined;
  /** Full records at declared paths that need server values (`keep` fields). */
  records: Map<string, RecordData>;
}

/**
 * Fields whose server value the program process reads (`keep`). In secretsInState none the provider
 * keeps them instead (`valueFrom: {keep: true}`): no value passes through the program or the state.
 */
const hasKeep = (r: PlannedRecord) =>
  secretsInStateOf(r) !== "none" && Object.values(r.customFields).some((f) => "keep" in f);

/** A copy without undefined values (exactOptionalPropertyTypes: absent, not undefined). */
function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/** Maps the declaration's password form onto the Record arguments. */
export function passwordArgs(spec: PasswordSpec | undefined): Partial<RecordArgs> {
  if (spec === undefined) return {};
  if (spec === "seed") return { passwordMode: "seed", generatePassword: {} };
  if (spec === "generate") return { generatePassword: {} };
  if ("seed" in spec) return { passwordMode: "seed", generatePassword: defined(spec.seed) };
  if ("valueFrom" in spec) return { passwordFrom: spec.valueFrom };
  if ("generate" in spec)
    return {
      generatePassword: defined(spec.generate),
      ...(spec.rotation !== undefined ? { rotation: spec.rotation } : {}),
    };
  return { password: spec.value as pulumi.Input<string> };
}

export class Layout extends pulumi.ComponentResource {
  /** The vault id. */
  declare public readonly vaultId: pulumi.Output<string>;
  /** Folder path (`production/databases`) → folder id. */
  declare public readonly folderIds: pulumi.Output<{ [path: string]: string }>;
  /** Record path (`production/databases/mysql-primary`) → record id. */
  declare public readonly recordIds: pulumi.Output<{ [path: string]: string }>;
  /** Folder path (folders holding records) → `passwork-cli exec --folder-id <id> <command>`. */
  declare public readonly execCommands: pulumi.Output<{ [path: string]: string }>;
  /** Folder path → sorted variable names `passwork-cli exec --folder-id` yields there (names only). */
  declare public readonly envVarNames: pulumi.Output<{ [path: string]: string[] }>;
  /** The declared access per directory and principal, as a Markdown table for review. */
  declare public readonly effectiveAccess: pulumi.Output<string>;
  /** Content of the vault on the server that the declaration does not mention. */
  declare public readonly unmanaged: pulumi.Output<UnmanagedContent>;
  /** The validated plan (plain data). */
  declare public readonly plan: LayoutPlan;

  /** Reads a YAML or JSON declaration (validated by the same schema). */
  static fromFile(
    name: string,
    file: string,
    args: Omit<LayoutArgs, "spec"> = {},
    opts?: pulumi.ComponentResourceOptions,
  ): Layout {
    return new Layout(name, { ...args, spec: readLayoutFile(file) }, opts);
  }

  constructor(name: string, args: LayoutArgs, opts?: pulumi.ComponentResourceOptions) {
    super(LAYOUT_TYPE, name, {}, opts);
    const spec = parseLayoutSpec(args.spec);
    const plan = planLayout(spec);
    Object.defineProperty(this, "plan", { value: plan, enumerable: true });
    const parent = { parent: this };
    const adopt = spec.vault.adopt === true;
    const force = args.forceDestroy === true ? { forceDestroy: true } : {};

    const existing = this.readExisting(spec, plan);

    let vaultId: pulumi.Output<string>;
    if (spec.vault.id !== undefined) {
      // An existing vault named by id is used, not managed: destroying the stack leaves it.
      const id = spec.vault.id;
      vaultId = pulumi.output(
        existing.then((e) => {
          if (e.inventory === undefined)
            throw new Error(
              problemLine(
                "",
                `no vault with id ${id} is visible to this token`,
                "check vault.id and the token's access",
              ),
            );
          return id;
        }),
      );
    } else {
      const vault = new Vault(
        `${name}/vault`,
        {
          name: spec.vault.name,
          ...(spec.vault.type !== undefined ? { vaultType: spec.vault.type } : {}),
          ...(adopt ? { adopt } : {}),
          ...force,
        },
        parent,
      );
      vaultId = vault.vaultId;
    }

    const folders = new Map<string, Folder>();
    for (const f of plan.folders) {
      const parentFolder = f.parentPath === "" ? undefined : folders.get(f.parentPath);
      const folder = new Folder(
        `${name}/folder/${f.path}`,
        {
          name: f.name,
          vaultId,
          ...(parentFolder ? { parentFolderId: parentFolder.folderId } : {}),
          ...(adopt ? { adopt } : {}),
          ...force,
        },
        parent,
      );
      folders.set(f.path, folder);
    }

    const records = new Map<string, PassworkRecord>();
    for (const r of plan.records) {
      const folder = r.folderPath === "" ? undefined : folders.get(r.folderPath);
      const recordArgs: RecordArgs = {
        name: r.name,
        vaultId,
        tags: r.tags,
        ...(folder ? { folderId: folder.folderId } : {}),
        ...(r.login !== undefined ? { login: r.login } : {}),
        ...(r.url !== undefined ? { url: r.url } : {}),
        ...(r.description !== undefined ? { description: r.description } : {}),
        ...(r.color !== undefined ? { color: r.color } : {}),
        ...passwordArgs(r.password),
        ...(adopt ? { adopt } : {}),
        ...(r.secretsInState !== undefined ? { secretsInState: r.secretsInState } : {}),
      };
      const fields = this.customFieldArgs(r, existing);
      if (fields !== undefined) recordArgs.customFields = fields;
      records.set(r.path, new PassworkRecord(`${name}/record/${r.path}`, recordArgs, parent));
    }

    createGrants(this, name, plan, vaultId, folders, args.principalIds ?? {});

    const idMap = <T>(m: Map<string, T>, pick: (v: T) => pulumi.Output<string>) =>
      pulumi.all(Object.fromEntries([...m].map(([p, v]) => [p, pick(v)]))) as pulumi.Output<{
        [path: string]: string;
      }>;
    const folderIds = idMap(folders, (f) => f.folderId);
    const withRecords = new Set(plan.records.map((r) => r.folderPath));
    const outputs = {
      vaultId,
      folderIds,
      recordIds: idMap(records, (r) => r.recordId),
      // Only folders with records of their own: `exec --folder-id` reads direct children only.
      execCommands: folderIds.apply((ids) =>
        execCommands(Object.fromEntries(Object.entries(ids).filter(([p]) => withRecords.has(p)))),
      ),
      envVarNames: pulumi.output(envVarNames(plan)),
      effectiveAccess: pulumi.output(effectiveAccessMarkdown(plan)),
      unmanaged: pulumi.output(existing.then((e) => this.reportUnmanaged(plan, e))),
    };
    Object.assign(this, outputs);
    this.registerOutputs(outputs);
  }

  /** Reads the vault's current tree when it exists (adoption, `keep` fields, unmanaged report). */
  private readExisting(spec: LayoutSpec, plan: LayoutPlan): Promise<Existing> {
    const needed = spec.vault.adopt === true || spec.vault.id !== undefined || plan.records.some(hasKeep);
    const read = withServerClient(async (c) => {
      const { findVault, readInventory, readRecords } = vaultInventory();
      const vault = await findVault(c, { id: spec.vault.id, name: spec.vault.name });
      if (vault === undefined) return { inventory: undefined, records: new Map<string, RecordData>() };
      const inventory = await readInventory(c, vault);
      const byPath = new Map(inventory.records.map((r) => [r.path, r.id]));
      const wanted = plan.records
        .filter(hasKeep)
        .flatMap((r) => (byPath.has(r.path) ? [[r.path, byPath.get(r.path)!] as const] : []));
      const full = await readRecords(
        c,
        wanted.map(([, id]) => id),
      );
      const records = new Map<string, RecordData>();
      for (const [p, id] of wanted) {
        const data = full.get(id);
        if (data) records.set(p, data);
      }
      return { inventory, records };
    });
    return read.catch((err: unknown) => {
      if (needed) throw err;
      // Only the unmanaged report needs the server here: say why it is empty, do not fail.
      pulumi.log.warn(
        `Layout: could not read the vault to report unmanaged content: ${err instanceof Error ? err.message : String(err)}`,
        this,
      );
      return { inventory: undefined, records: new Map<string, RecordData>() };
    });
  }

  private customFieldArgs(r: PlannedRecord, existing: Promise<Existing>): RecordArgs["customFields"] {
    const entries = Object.entries(r.customFields);
    if (entries.length === 0) return undefined;
    if (!hasKeep(r)) {
      return Object.fromEntries(
        entries.map(([n, f]): [string, CustomFieldArgs] => {
          const type = f.type ? { type: f.type } : {};
          if ("valueFrom" in f) return [n, { valueFrom: f.valueFrom, ...type }];
          if ("keep" in f) return [n, { valueFrom: { keep: true }, ...type }]; // none mode (hasKeep)
          return [n, { value: f.value as pulumi.Input<string>, ...type }];
        }),
      );
    }
    // `keep` fields take the value the server has now; the record must already exist.
    // A promise, not pulumi.output(existing): output() would copy the Map into a plain object.
    const resolved = existing.then((e) => {
      const data = e.records.get(r.path);
      const out: { [name: string]: CustomFieldArgs } = {};
      const missing: string[] = [];
      for (const [n, f] of entries) {
        if ("valueFrom" in f) {
          out[n] = { valueFrom: f.valueFrom, ...(f.type ? { type: f.type } : {}) };
          continue;
        }
        if (!("keep" in f)) {
          out[n] = { value: f.value as pulumi.Input<string>, ...(f.type ? { type: f.type } : {}) };
          continue;
        }
        const current = data?.customs.find((c) => c.name === n);
        if (current === undefined) missing.push(n);
        else out[n] = { value: pulumi.secret(current.value), type: f.type ?? current.type };
      }
      if (missing.length > 0) {
        const where =
          data === undefined
            ? "the record does not exist on the server yet"
            : "the record on the server has no such field";
        throw new LayoutError(
          missing.map((n) =>
            problemLine(
              r.path,
              `custom field ${n} says keep: true but ${where}`,
              "give its value instead of keep",
            ),
          ),
        );
      }
      return out;
    });
    return pulumi.output(resolved);
  }

  private reportUnmanaged(plan: LayoutPlan, e: Existing): UnmanagedContent {
    if (e.inventory === undefined) return { folders: [], records: [] };
    const found = vaultInventory().unmanagedPaths(e.inventory, {
      folders: new Set(plan.folders.map((f) => f.path)),
      records: new Set(plan.records.map((r) => r.path)),
    });
    const count = found.folders.length + found.records.length;
    if (count > 0) {
      const list = [...found.folders.map((p) => `folder ${p}`), ...found.records.map((p) => `record ${p}`)];
      pulumi.log.warn(
        `Layout ${plan.vault.name}: ${count} object(s) in the vault are not in the declaration and are left as they are: ${list.join(", ")}. Declare them to manage them (npx pulumi-passwork export writes a declaration of the vault).`,
        this,
      );
    }
    return found;
  }
}

/** Reads a `.yaml`/`.yml`/`.json` declaration file. */
export function readLayoutFile(file: string): LayoutSpecInput {
  const text = fs.readFileSync(file, "utf8");
  const ext = path.extname(file).toLowerCase();
  try {
    return (ext === ".json" ? JSON.parse(text) : YAML.parse(text)) as LayoutSpecInput;
  } catch (err) {
    throw new LayoutError([
      problemLine(
        "",
        `${file} is not valid ${ext === ".json" ? "JSON" : "YAML"}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`,
        "fix the file's syntax",
      ),
    ]);
  }
}
