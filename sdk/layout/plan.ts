/**
 * Turns a validated `LayoutSpec` into a flat plan: folders (parents first), records with their final
 * tag sets, and declared grants, each keyed by its tree path. While walking it applies every naming
 * and structure rule and collects all problems, so the user sees them together.
 *
 * The plan is pure data: the component maps it to resources, the outputs are computed from it, and
 * tests assert on it without an engine.
 */
import { envVarRules } from "../on-demand";
import { LayoutError, problemLine } from "./errors";
import { checkFieldName, checkLabel, checkName } from "./naming";
import {
  DEFAULT_CATEGORY_TAGS,
  type AccessSpec,
  type AttachmentSpec,
  type CategorySpec,
  type CustomFieldSpec,
  type EnvironmentSpec,
  type FolderSpec,
  type LayoutAccessLevel,
  type LayoutSpec,
  type PasswordSpec,
  type RecordSpec,
  type VaultSpec,
} from "./spec";

export type PrincipalKind = "serviceAccount" | "user" | "group";

export interface PlannedGrant {
  kind: PrincipalKind;
  /** Login (service account, user) or group name. */
  name: string;
  level: LayoutAccessLevel;
}

export interface PlannedFolder {
  path: string;
  name: string;
  /** Path of the parent folder; "" for a folder at the vault root. */
  parentPath: string;
  /** Grants declared on this folder (inheritance is Passwork's: see outputs.ts). */
  access: PlannedGrant[];
}

export interface PlannedRecord {
  path: string;
  name: string;
  /** "" for a record at the vault root. */
  folderPath: string;
  login?: string;
  url?: string;
  description?: string;
  color?: number;
  password?: PasswordSpec;
  customFields: Record<string, CustomFieldSpec>;
  /** Sorted, deduplicated: the path's tags plus the record's own. */
  tags: string[];
  /** The record's own, else the declaration's; absent = the provider setting. */
  secretsInState?: "encrypted" | "none";
  attachments?: Record<string, AttachmentSpec>;
  exclusiveAttachments?: boolean;
}

/** A record shown in a folder by a shortcut. */
export interface PlannedShortcut {
  /** Where it shows: the folder path plus the record's name (or id, for a record outside the layout). */
  path: string;
  folderPath: string;
  /** The path of a record in this layout, or a record id. */
  target: string;
  /** True when `target` is a record id. */
  byId: boolean;
}

export interface LayoutPlan {
  vault: VaultSpec;
  vaultAccess: PlannedGrant[];
  /** Sorted by path, so parents come before children. */
  folders: PlannedFolder[];
  records: PlannedRecord[];
  shortcuts: PlannedShortcut[];
  serviceAccounts: { login: string; fullName?: string }[];
  groups: { name: string; description?: string }[];
}

const MAX_TAG_LENGTH = 64;
const join = (parent: string, name: string) => (parent === "" ? name : `${parent}/${name}`);

/** The `passwork-cli exec` variables a record yields (reference/passwork-api.md §6). */
export function recordVariables(
  record: Pick<PlannedRecord, "name" | "password" | "customFields">,
): { variable: string; source: string }[] {
  const { sanitizeEnvName } = envVarRules();
  const out: { variable: string; source: string }[] = [];
  if (record.password !== undefined)
    out.push({ variable: sanitizeEnvName(record.name), source: `the password of ${record.name}` });
  for (const [field, spec] of Object.entries(record.customFields)) {
    const type = spec.type ?? "password";
    if (type === "totp") continue;
    out.push({ variable: sanitizeEnvName(field), source: `the field ${field} of ${record.name}` });
  }
  return out;
}

class Planner {
  readonly problems: string[] = [];
  readonly folders: PlannedFolder[] = [];
  readonly records: PlannedRecord[] = [];
  private readonly declaredShortcuts: { folderPath: string; target: string }[] = [];
  private readonly categoryTags: Record<string, string | null>;

  constructor(private readonly spec: LayoutSpec) {
    this.categoryTags = { ...DEFAULT_CATEGORY_TAGS, ...(spec.categoryTags ?? {}) };
  }

  problem(path: string, problem: string, fix: string) {
    this.problems.push(problemLine(path, problem, fix));
  }

  plan(): LayoutPlan {
    const spec = this.spec;
    const vaultLabel = checkLabel(spec.vault.name, "vault name");
    if (vaultLabel) this.problem("", vaultLabel.problem, vaultLabel.fix);
    const rootTags = this.tags("", spec.tags ?? []);
    const vaultAccess = this.grants("", spec.access ?? []);

    const environments = Object.entries(spec.environments ?? {});
    const rootFolders = Object.entries(spec.folders ?? {});
    this.siblings("", [...environments.map(([n]) => n), ...rootFolders.map(([n]) => n)], "folder");
    for (const [name, env] of environments) this.environment(name, env, rootTags);
    for (const [name, folder] of rootFolders) this.folder("", name, folder, rootTags, "folder");
    this.recordsIn(
      "",
      spec.records ?? [],
      rootTags,
      rootFolders.map(([n]) => n).concat(environments.map(([n]) => n)),
    );
    const { serviceAccounts, groups } = this.identities();
    const shortcuts = this.shortcuts();

    if (this.problems.length > 0) throw new LayoutError(this.problems);
    this.folders.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return {
      vault: spec.vault,
      vaultAccess,
      folders: this.folders,
      records: this.records,
      shortcuts,
      serviceAccounts,
      groups,
    };
  }

  private environment(name: string, env: EnvironmentSpec, inherited: string[]) {
    const path = name;
    const envTag = env.tag === undefined ? name : env.tag;
    const tags = this.tags(path, [...inherited, ...(envTag === null ? [] : [envTag]), ...(env.tags ?? [])]);
    this.addFolder("", name, env.access ?? [], "environment");
    for (const target of env.shortcuts ?? []) this.declaredShortcuts.push({ folderPath: path, target });
    const categories = Object.entries(env.categories ?? {});
    const folders = Object.entries(env.folders ?? {});
    this.siblings(path, [...categories.map(([n]) => n), ...folders.map(([n]) => n)], "folder");
    for (const [category, spec] of categories) this.category(path, category, spec, tags);
    for (const [child, spec] of folders) this.folder(path, child, spec, tags, "folder");
    this.recordsIn(path, env.records ?? [], tags, [
      ...categories.map(([n]) => n),
      ...folders.map(([n]) => n),
    ]);
  }

  private category(parent: string, name: string, spec: CategorySpec, inherited: string[]) {
    const mapped = spec.tag !== undefined ? spec.tag : this.categoryTags[name];
    const categoryTag = mapped === undefined || mapped === null ? [] : [mapped];
    this.folder(parent, name, spec, [...inherited, ...categoryTag], "category");
  }

  private folder(
    parent: string,
    name: string,
    spec: FolderSpec,
    inherited: string[],
    what: "folder" | "category",
  ) {
    const path = join(parent, name);
    this.addFolder(parent, name, spec.access ?? [], what);
    for (const target of spec.shortcuts ?? []) this.declaredShortcuts.push({ folderPath: path, target });
    const tags = this.tags(path, [...inherited, ...(spec.tags ?? [])]);
    const children = Object.entries(spec.folders ?? {});
    this.siblings(
      path,
      children.map(([n]) => n),
      "folder",
    );
    for (const [child, childSpec] of children) this.folder(path, child, childSpec, tags, "folder");
    this.recordsIn(
      path,
      spec.records ?? [],
      tags,
      children.map(([n]) => n),
    );
  }

  private addFolder(
    parent: string,
    name: string,
    access: AccessSpec[],
    what: "folder" | "environment" | "category",
  ) {
    const path = join(parent, name);
    const bad = checkName(name, what);
    if (bad) this.problem(path, bad.problem, bad.fix);
    this.folders.push({ path, name, parentPath: parent, access: this.grants(path, access) });
  }

  private recordsIn(folderPath: string, records: RecordSpec[], tags: string[], folderNames: string[]) {
    this.siblings(
      folderPath,
      records.map((r) => r.name),
      "record",
    );
    const folderKeys = new Set(folderNames.map((n) => n.toLowerCase()));
    for (const r of records) {
      if (folderKeys.has(r.name.toLowerCase())) {
        this.problem(
          join(folderPath, r.name),
          `a record and a folder in ${folderPath === "" ? "the vault root" : folderPath} are both named "${r.name}"`,
          "rename one of them; paths must name one thing",
        );
      }
    }
    const variables = new Map<string, string>();
    for (const r of records) {
      const path = join(folderPath, r.name === "" ? "(unnamed record)" : r.name);
      const bad = checkName(r.name, "record");
      if (bad) this.problem(path, bad.problem, bad.fix);
      const customFields = r.customFields ?? {};
      for (const field of Object.keys(customFields)) {
        const badField = checkFieldName(field);
        if (badField) this.problem(path, badField.problem, badField.fix);
      }
      const planned: PlannedRecord = {
        path,
        name: r.name,
        folderPath,
        customFields,
        tags: this.tags(path, [...tags, ...(r.tags ?? [])]),
        ...(r.login !== undefined ? { login: r.login } : {}),
        ...(r.url !== undefined ? { url: r.url } : {}),
        ...(r.description !== undefined ? { description: r.description } : {}),
        ...(r.color !== undefined ? { color: r.color } : {}),
        ...(r.password !== undefined ? { password: r.password } : {}),
        ...((r.secretsInState ?? this.spec.secretsInState) !== undefined
          ? { secretsInState: (r.secretsInState ?? this.spec.secretsInState)! }
          : {}),
        ...(r.attachments !== undefined ? { attachments: r.attachments } : {}),
        ...(r.exclusiveAttachments !== undefined ? { exclusiveAttachments: r.exclusiveAttachments } : {}),
      };
      for (const file of Object.keys(r.attachments ?? {})) {
        if (file.trim() === "" || /[/\\\u0000-\u001f]/.test(file) || file !== file.trim())
          this.problem(
            path,
            `the attachment name "${file}" is not a plain file name`,
            "use a name like kubeconfig.yaml (no directories, no control characters)",
          );
      }
      for (const { variable, source } of recordVariables(planned)) {
        const earlier = variables.get(variable);
        if (earlier !== undefined) {
          this.problem(
            path,
            `${source} and ${earlier} both become the passwork-cli exec variable ${variable} in ${folderPath === "" ? "the vault root" : folderPath}`,
            "rename one of them (the later one would silently overwrite the earlier)",
          );
        } else variables.set(variable, source);
      }
      this.records.push(planned);
    }
  }

  /** Duplicate names among siblings (case-insensitive: a human cannot tell them apart in the UI). */
  private siblings(parent: string, names: string[], what: "folder" | "record") {
    const seen = new Map<string, string>();
    const reported = new Set<string>();
    for (const name of names) {
      const key = name.toLowerCase();
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, name);
        continue;
      }
      if (reported.has(key)) continue;
      reported.add(key);
      const where = parent === "" ? "the vault root" : parent;
      const same =
        first === name
          ? `two ${what}s named "${name}"`
          : `${what}s "${first}" and "${name}" differ only in case`;
      this.problem(
        join(parent, name),
        `${where} has ${same}`,
        `give each ${what} a distinct name or merge them`,
      );
    }
  }

  private tags(path: string, tags: string[]): string[] {
    const out = new Set<string>();
    for (const tag of tags) {
      const bad = checkLabel(tag, "tag");
      if (bad) this.problem(path, bad.problem, bad.fix);
      else if (tag.length > MAX_TAG_LENGTH)
        this.problem(
          path,
          `the tag "${tag.slice(0, 20)}…" is ${tag.length} characters long`,
          `shorten it to at most ${MAX_TAG_LENGTH}`,
        );
      out.add(tag.trim());
    }
    return [...out].sort();
  }

  private grants(path: string, access: AccessSpec[]): PlannedGrant[] {
    const out: PlannedGrant[] = [];
    const seen = new Set<string>();
    for (const a of access) {
      const kind: PrincipalKind =
        a.serviceAccount !== undefined ? "serviceAccount" : a.user !== undefined ? "user" : "group";
      const name = (a.serviceAccount ?? a.user ?? a.group)!;
      const label = kind === "group" ? "group name" : `${kind === "user" ? "user" : "service account"} login`;
      const bad = checkLabel(name, label);
      if (bad) this.problem(path, bad.problem, bad.fix);
      const key = `${kind}:${name}`;
      if (seen.has(key)) {
        this.problem(
          path,
          `the access list names ${kind} "${name}" twice`,
          "keep one entry with the level you mean",
        );
        continue;
      }
      seen.add(key);
      if (kind === "group" && a.level === "connect") {
        this.problem(
          path,
          `the group "${name}" has level connect (Connect without access), which is for users and service accounts`,
          'remove the entry: a group without a level is "Not set" in Passwork, which is no grant',
        );
        continue;
      }
      out.push({ kind, name, level: a.level });
    }
    return out;
  }

  /** Each declared shortcut resolved against the planned records (a path) or kept as an id. */
  private shortcuts(): PlannedShortcut[] {
    const records = new Map(this.records.map((r) => [r.path, r]));
    const out: PlannedShortcut[] = [];
    const seen = new Set<string>();
    for (const { folderPath, target } of this.declaredShortcuts) {
      const byId = /^[0-9a-f]{24}$/.test(target);
      const record = records.get(target);
      const at = join(folderPath, byId ? target : (record?.name ?? target));
      if (!byId && record === undefined) {
        this.problem(
          folderPath,
          `the shortcut "${target}" names no record of this layout`,
          "give the path of a declared record (e.g. production/databases/mysql-primary) or a record id",
        );
        continue;
      }
      if (record && record.folderPath === folderPath) {
        this.problem(
          at,
          `the shortcut shows ${target} in its own folder`,
          "remove it; the record is already there",
        );
        continue;
      }
      const clash = this.records.find(
        (r) => r.folderPath === folderPath && r.name.toLowerCase() === record?.name.toLowerCase(),
      );
      if (clash || seen.has(at.toLowerCase())) {
        this.problem(
          at,
          `${folderPath} would show two records named "${record?.name ?? target}"`,
          "remove the duplicate shortcut, or rename one record",
        );
        continue;
      }
      seen.add(at.toLowerCase());
      out.push({ path: at, folderPath, target, byId });
    }
    return out;
  }

  private identities() {
    const ids = this.spec.identities ?? {};
    const serviceAccounts = (ids.serviceAccounts ?? []).map((s) => ({
      login: s.login,
      ...(s.fullName !== undefined ? { fullName: s.fullName } : {}),
    }));
    const groups = (ids.groups ?? []).map((g) => ({
      name: g.name,
      ...(g.description !== undefined ? { description: g.description } : {}),
    }));
    const dup = (values: string[], what: string) => {
      const seen = new Set<string>();
      for (const v of values) {
        const bad = checkLabel(v, what);
        if (bad) this.problem("", bad.problem, bad.fix);
        if (seen.has(v))
          this.problem("", `identities declares the ${what} "${v}" twice`, "declare each identity once");
        seen.add(v);
      }
    };
    dup(
      serviceAccounts.map((s) => s.login),
      "service account login",
    );
    dup(
      groups.map((g) => g.name),
      "group name",
    );
    return { serviceAccounts, groups };
  }
}

/** Validated spec → plan; throws LayoutError with every naming and structure problem. */
export function planLayout(spec: LayoutSpec): LayoutPlan {
  return new Planner(spec).plan();
}
