/**
 * `export`: the Layout declaration equivalent to a vault as it is on the server, for adoption.
 * Secret values are never exported: a record's password becomes `password: seed` and custom fields
 * become `{keep: true}`; both keep the server's values when the declaration is applied. With
 * `secretsInState: "none"` fields become `{valueFrom: {keep: true}}` references the provider resolves
 * (docs/secrets-in-state.md), and the declaration says `secretsInState: none`.
 *
 * The conversion (`layoutFromServer`) is pure; `exportVault` does the reads.
 */
import * as YAML from "yaml";
import {
  access,
  principals,
  search,
  vaultTypes,
  type Grant,
  type Group,
  type PassworkClient,
  type RecordData,
  type User,
} from "../../provider/client";
import { isObjectId } from "../../protocol/common";
import { LayoutError } from "./errors";
import { findVault, readInventory, readRecords, type Inventory } from "./inventory";
import { parseLayoutSpec } from "./parse";
import { planLayout } from "./plan";
import type { AccessSpec, FolderSpec, LayoutSpecInput, RecordSpec } from "./spec";

export interface ServerSnapshot {
  inventory: Inventory;
  /** Full records by id. */
  records: ReadonlyMap<string, RecordData>;
  /** Direct grants: "" for the vault, else the folder id. */
  grants: ReadonlyMap<string, readonly Grant[]>;
  users: ReadonlyMap<string, User>;
  groups: ReadonlyMap<string, Group>;
  /** The exporting identity: its own grants are left out (it administers the vault already). */
  selfId?: string;
  /** Vault type code (e.g. "company") when known. */
  vaultTypeCode?: string;
  /** Shortcuts placed in the vault (folder path, "" = root) and the name of the record each points to. */
  shortcuts?: readonly { folderPath: string; target: string }[];
}

export const EXPORT_NOTE = [
  "Exported by `pulumi-passwork export`. Secret values are NOT in this file:",
  "`password: seed` keeps each record's password as it is on the server, and custom fields with",
  "`keep: true` keep their server values. `vault.adopt: true` takes the existing vault, folders and",
  "records over without re-creating them (matched by path). Access entries of the exporting identity",
  "are left out. See docs/layout.md.",
];

function grantSpecs(
  grants: readonly Grant[],
  snap: ServerSnapshot,
  notes: string[],
  where: string,
): AccessSpec[] {
  const out: AccessSpec[] = [];
  for (const g of grants) {
    if (g.principalType === "user" && g.principalId === snap.selfId) continue;
    if (g.principalType === "group") {
      const group = snap.groups.get(g.principalId);
      if (group) out.push({ group: group.name, level: g.access });
      else notes.push(`${where}: a grant to group ${g.principalId} was skipped (the group is not visible)`);
      continue;
    }
    const user = snap.users.get(g.principalId);
    if (!user) notes.push(`${where}: a grant to user ${g.principalId} was skipped (the user is not visible)`);
    else
      out.push(
        user.isServiceAccount
          ? { serviceAccount: user.login, level: g.access }
          : { user: user.login, level: g.access },
      );
  }
  const key = (a: AccessSpec) => `${a.serviceAccount ?? ""}|${a.user ?? ""}|${a.group ?? ""}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export interface ExportOptions {
  /** "none": write valueFrom references for fields and `secretsInState: none` (never a value either way). */
  secretsInState?: "encrypted" | "none";
}

function recordSpec(data: RecordData, options: ExportOptions): RecordSpec {
  const r: RecordSpec = { name: data.name };
  if (data.login) r.login = data.login;
  if (data.url) r.url = data.url;
  if (data.description) r.description = data.description;
  if (data.color) r.color = data.color;
  if (data.password) r.password = "seed";
  if (data.customs.length > 0) {
    r.customFields = Object.fromEntries(
      data.customs.map((c) => [
        c.name,
        options.secretsInState === "none"
          ? { valueFrom: { keep: true as const }, type: c.type }
          : { keep: true as const, type: c.type },
      ]),
    );
  }
  const tags = [...new Set(data.tags)].sort();
  if (tags.length > 0) r.tags = tags;
  return r;
}

/** The declaration for a snapshot; `notes` collects what could not be expressed. */
export function layoutFromServer(
  snap: ServerSnapshot,
  notes: string[] = [],
  options: ExportOptions = {},
): LayoutSpecInput {
  const { inventory } = snap;
  const folderSpecs = new Map<string, FolderSpec>();
  const root: { folders: Record<string, FolderSpec>; records: RecordSpec[] } = { folders: {}, records: [] };
  for (const f of inventory.folders) {
    const spec: FolderSpec = {};
    const grants = grantSpecs(snap.grants.get(f.id) ?? [], snap, notes, f.path);
    if (grants.length > 0) spec.access = grants;
    folderSpecs.set(f.path, spec);
    const parent = f.parentPath === "" ? root : folderSpecs.get(f.parentPath);
    if (parent === undefined) {
      notes.push(`${f.path}: skipped (its parent folder is not visible)`);
      continue;
    }
    (parent.folders ??= {})[f.name] = spec;
  }
  for (const r of inventory.records) {
    const data = snap.records.get(r.id);
    if (!data) {
      notes.push(`${r.path}: skipped (the record could not be read)`);
      continue;
    }
    const target = r.folderPath === "" ? root : folderSpecs.get(r.folderPath);
    if (target === undefined) continue;
    (target.records ??= []).push(recordSpec(data, options));
    for (const o of data.otherCustoms ?? [])
      notes.push(
        `${r.path}: custom field "${o.name}" has type "${o.type}", which a Layout cannot declare; it stays on the server as it is`,
      );
  }
  for (const sc of snap.shortcuts ?? [])
    notes.push(
      `${sc.folderPath || "(vault root)"}: a shortcut to record "${sc.target}" (a Layout does not manage shortcuts; it stays as it is)`,
    );
  const vaultGrants = grantSpecs(snap.grants.get("") ?? [], snap, notes, "(vault)");
  const out: LayoutSpecInput = {
    vault: {
      name: inventory.vault.name,
      ...(snap.vaultTypeCode ? { type: snap.vaultTypeCode } : {}),
      adopt: true,
    },
    ...(vaultGrants.length > 0 ? { access: vaultGrants } : {}),
    ...(Object.keys(root.folders).length > 0 ? { folders: root.folders } : {}),
    ...(root.records.length > 0 ? { records: root.records } : {}),
    ...(options.secretsInState === "none" ? { secretsInState: "none" as const } : {}),
  };
  return out;
}

/** Naming problems the exported declaration has (it still gets written, with these as a comment). */
export function exportProblems(spec: LayoutSpecInput): string[] {
  try {
    planLayout(parseLayoutSpec(spec));
    return [];
  } catch (e) {
    if (e instanceof LayoutError) return [...e.problems];
    throw e;
  }
}

export function renderLayout(
  spec: LayoutSpecInput,
  format: "yaml" | "json",
  problems: readonly string[] = [],
): string {
  if (format === "json") {
    const comment = [...EXPORT_NOTE, ...problems.map((p) => `TO FIX: ${p}`)].join(" ");
    return `${JSON.stringify({ $comment: comment, ...spec }, null, 2)}\n`;
  }
  const header = [
    ...EXPORT_NOTE,
    ...(problems.length > 0
      ? ["", "Fix these before applying (the Layout refuses them):", ...problems.map((p) => `  ${p}`)]
      : []),
  ];
  return `${header.map((l) => (l === "" ? "#" : `# ${l}`)).join("\n")}\n${YAML.stringify(spec, { lineWidth: 0 })}`;
}

/** Reads everything the declaration needs from the server. */
export async function snapshotVault(c: PassworkClient, ref: string): Promise<ServerSnapshot> {
  const isId = isObjectId(ref);
  const vault = await findVault(c, isId ? { id: ref, name: ref } : { name: ref });
  if (vault === undefined)
    throw new Error(
      `no vault ${isId ? "with id" : "named"} "${ref}" is visible to this token; check --vault and the token's access`,
    );
  const inventory = await readInventory(c, vault);
  const records = await readRecords(
    c,
    inventory.records.map((r) => r.id),
  );
  const grants = new Map<string, Grant[]>();
  grants.set("", await access.listGrants(c, "vault", vault.id));
  for (const f of inventory.folders) grants.set(f.id, await access.listGrants(c, "folder", f.id));
  const [users, groups, me, types] = await Promise.all([
    principals.users.list(c),
    principals.groups.list(c),
    principals.me(c),
    vaultTypes.list(c).catch(() => []),
  ]);
  const code = types.find((t) => t.id === vault.typeId)?.code;
  const shortcuts = (await search.shortcuts(c, { vaultIds: [vault.id] })).map((h) => ({
    folderPath: h.path
      .slice(1)
      .map((p) => p.name)
      .join("/"),
    target: h.name,
  }));
  return {
    shortcuts,
    inventory,
    records,
    grants,
    users: new Map(users.map((u) => [u.id, u])),
    groups: new Map(groups.map((g) => [g.id, g])),
    selfId: me.id,
    ...(code ? { vaultTypeCode: code } : {}),
  };
}
