/**
 * The stack as the stack-level rules need it: folder paths, the vault of each resource, who a grant is
 * for. Built from what the engine gives a stack policy: every resource's properties (its outputs after
 * an update, its inputs during a preview) and the resources each input property depends on.
 *
 * Paths during a first preview: ids of resources not created yet are unknown, but a Record's
 * `folderId` still *depends on* the Folder it came from, so the path is rebuilt from the folders'
 * names along `parentFolderId` dependencies. A folder id written as a literal (a folder this stack
 * does not manage) has no path here: path-dependent rules skip such a resource (docs/policy.md).
 */
import type { PolicyResource } from "@pulumi/policy";
import { LAYOUT_TYPE, TYPES } from "./types";
import { object, plainProps, str, UNKNOWN, type Props, type Value } from "./values";

export interface Node {
  resource: PolicyResource;
  type: string;
  /** Logical name (last part of the URN). */
  name: string;
  urn: string;
  props: Props;
}

export type PrincipalKind = "user" | "group" | "serviceAccount";
export interface Principal {
  kind: PrincipalKind;
  /** Login or group name when the stack can tell it. */
  label?: string;
  /** The id when known (a literal or an output after creation). */
  id?: string;
  /** Declared in this stack (a ServiceAccount/Group resource, or resolved by a Layout by name). */
  declared: boolean;
}

export interface Grant {
  node: Node;
  /** Vault key (see StackModel.vaultKeyOf) of the directory granted. */
  vaultKey?: string;
  /** Path of the granted directory inside its vault: "" = the vault; undefined = not known. */
  path?: string;
  principal: Principal | typeof UNKNOWN;
  level: string | typeof UNKNOWN | undefined;
}

const PRINCIPAL_KEYS: Record<string, PrincipalKind> = {
  userId: "user",
  groupId: "group",
  serviceAccountId: "serviceAccount",
};
const OBJECT_ID = /^[0-9a-f]{24}$/;

/** `<layout>/vault-access/<kind>/<name>` or `<layout>/folder-access/<path>/<kind>/<name>` (sdk/layout/grants.ts). */
const LAYOUT_GRANT = /\/(?:vault-access|folder-access\/.+)\/(serviceAccount|user|group)\/([^/]+)$/;

export class StackModel {
  readonly nodes: Node[];
  private readonly byUrn = new Map<string, Node>();
  private readonly pathMemo = new Map<Node, string | undefined>();

  constructor(resources: readonly PolicyResource[]) {
    this.nodes = resources
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/passwork:"))
      .map((r) => ({ resource: r, type: r.type, name: r.name, urn: r.urn, props: plainProps(r.props) }));
    for (const n of this.nodes) this.byUrn.set(n.urn, n);
  }

  ofType(type: string): Node[] {
    return this.nodes.filter((n) => n.type === type);
  }

  /** The one resource of `type` that property `prop` of `node` depends on, if exactly one. */
  dependency(node: Node, prop: string, types: readonly string[]): Node | undefined {
    const deps = (node.resource.propertyDependencies[prop] ?? [])
      .map((d) => this.byUrn.get(d.urn))
      .filter((d): d is Node => d !== undefined && types.includes(d.type));
    const unique = [...new Set(deps)];
    return unique.length === 1 ? unique[0] : undefined;
  }

  /** A vault's identity: the Vault resource's URN, or `id:<literal id>` for a vault outside the stack. */
  vaultKeyOf(node: Node): string | undefined {
    const vault = this.dependency(node, "vaultId", [TYPES.vault]);
    if (vault) return vault.urn;
    const id = str(node.props["vaultId"]);
    if (typeof id === "string") return `id:${id}`;
    // A folder-scoped resource (FolderAccess, AccessPolicy on a folder) is in its folder's vault.
    const folder = this.dependency(node, "folderId", [TYPES.folder]);
    return folder ? this.vaultKeyOf(folder) : undefined;
  }

  vaultDisplayName(vaultKey: string): string | undefined {
    const vault = this.byUrn.get(vaultKey);
    const name = vault ? str(vault.props["name"]) : undefined;
    return typeof name === "string" ? name : undefined;
  }

  /** Path of a folder inside its vault (`production/databases`), or undefined when it cannot be known. */
  folderPath(folder: Node): string | undefined {
    if (this.pathMemo.has(folder)) return this.pathMemo.get(folder);
    this.pathMemo.set(folder, undefined); // a cycle cannot happen in a DAG, but never loop
    let path: string | undefined;
    const given = str(folder.props["path"]);
    if (typeof given === "string" && given !== "") path = given;
    else {
      const name = str(folder.props["name"]);
      const parent = this.directoryPath(folder, "parentFolderId");
      if (typeof name === "string" && parent !== undefined) path = parent === "" ? name : `${parent}/${name}`;
    }
    this.pathMemo.set(folder, path);
    return path;
  }

  /**
   * Path of the directory a folder-reference property points at: "" for the vault root (property
   * absent), the folder's path when it is a folder of this stack, undefined otherwise.
   */
  directoryPath(node: Node, prop: "folderId" | "parentFolderId"): string | undefined {
    const folder = this.dependency(node, prop, [TYPES.folder]);
    if (folder) return this.folderPath(folder);
    const raw = node.props[prop];
    return raw === null || raw === undefined || raw === "" ? "" : undefined;
  }

  /** Folders and records with their vault and display name, grouped by vault. */
  namedByVault(): Map<string, { type: string; name: string; urn: string; displayName: string }[]> {
    const out = new Map<string, { type: string; name: string; urn: string; displayName: string }[]>();
    for (const n of [...this.ofType(TYPES.folder), ...this.ofType(TYPES.record)]) {
      const vault = this.vaultKeyOf(n);
      const displayName = str(n.props["name"]);
      if (vault === undefined || typeof displayName !== "string") continue;
      const list = out.get(vault) ?? [];
      list.push({ type: n.type, name: n.name, urn: n.urn, displayName });
      out.set(vault, list);
    }
    return out;
  }

  /** Every folder path of a vault known to this stack. */
  folderPathsIn(vaultKey: string): string[] {
    return this.ofType(TYPES.folder)
      .filter((f) => this.vaultKeyOf(f) === vaultKey)
      .map((f) => this.folderPath(f))
      .filter((p): p is string => p !== undefined);
  }

  /** Ids that resources of this stack gave its principals (known after they were created). */
  private principalIds(): Set<string> {
    const ids = new Set<string>();
    for (const n of [...this.ofType(TYPES.serviceAccount), ...this.ofType(TYPES.group)])
      for (const v of Object.values(n.props)) if (typeof v === "string" && OBJECT_ID.test(v)) ids.add(v);
    return ids;
  }

  /** Who a grant's principal is. `dependsOn` is the input property the principal came in. */
  principal(node: Node, value: Value | undefined, dependsOn: string | undefined): Principal | typeof UNKNOWN {
    const p = object(value);
    if (p === UNKNOWN) return UNKNOWN;
    if (p === undefined) return UNKNOWN;
    const key = Object.keys(p).find((k) => k in PRINCIPAL_KEYS);
    if (key === undefined) return UNKNOWN;
    let kind = PRINCIPAL_KEYS[key]!;
    const idValue = str(p[key]);
    const id = typeof idValue === "string" ? idValue : undefined;
    const declaredBy =
      dependsOn !== undefined
        ? this.dependency(node, dependsOn, [TYPES.serviceAccount, TYPES.group])
        : undefined;
    if (declaredBy) {
      kind = declaredBy.type === TYPES.group ? "group" : "serviceAccount";
      const label = str(declaredBy.props[kind === "group" ? "name" : "login"]);
      return { kind, ...(typeof label === "string" ? { label } : {}), ...(id ? { id } : {}), declared: true };
    }
    const layout = this.layoutGrantPrincipal(node);
    if (layout) return { ...layout, ...(id ? { id } : {}), declared: true };
    // Unknown during preview with no principal resource behind it: it comes from some other output
    // of this stack; a known id is declared when a principal resource of this stack holds it.
    const declared = id === undefined || this.principalIds().has(id);
    return { kind, ...(id ? { id } : {}), declared };
  }

  /** A Layout names its grants after the principal it resolved by login or group name. */
  private layoutGrantPrincipal(node: Node): { kind: PrincipalKind; label: string } | undefined {
    if (!node.resource.parent || node.resource.parent.type !== LAYOUT_TYPE) return undefined;
    const m = LAYOUT_GRANT.exec(node.name);
    return m ? { kind: m[1] as PrincipalKind, label: m[2]! } : undefined;
  }

  /** Every grant of the stack: VaultAccess, FolderAccess and each entry of an AccessPolicy. */
  grants(): Grant[] {
    const out: Grant[] = [];
    for (const n of this.ofType(TYPES.vaultAccess))
      out.push({
        node: n,
        ...this.where(n, ""),
        principal: this.principal(n, n.props["principal"], "principal"),
        level: str(n.props["level"]),
      });
    for (const n of this.ofType(TYPES.folderAccess))
      out.push({
        node: n,
        ...this.where(n, this.directoryPath(n, "folderId")),
        principal: this.principal(n, n.props["principal"], "principal"),
        level: str(n.props["level"]),
      });
    for (const n of this.ofType(TYPES.accessPolicy)) {
      const onFolder = n.props["folderId"] !== null && n.props["folderId"] !== undefined;
      const at = this.where(n, onFolder ? this.directoryPath(n, "folderId") : "");
      const list = n.props["grants"];
      if (!Array.isArray(list)) continue;
      for (const g of list) {
        const entry = object(g);
        if (entry === UNKNOWN || entry === undefined) continue;
        // Dependencies are per input property: one `grants` list cannot tell which entry a principal resource fed.
        out.push({
          node: n,
          ...at,
          principal: this.principal(n, entry["principal"], undefined),
          level: str(entry["level"]),
        });
      }
    }
    return out;
  }

  private where(node: Node, path: string | undefined): { vaultKey?: string; path?: string } {
    const vaultKey = this.vaultKeyOf(node);
    return { ...(vaultKey !== undefined ? { vaultKey } : {}), ...(path !== undefined ? { path } : {}) };
  }

  /** The path a record lives at ("" = vault root) or undefined when its folder is not in this stack. */
  recordFolderPath(record: Node): string | undefined {
    return this.directoryPath(record, "folderId");
  }
}

/** The first path segment that names an environment of the vocabulary. */
export function environmentOfPath(path: string, environments: readonly string[]): string | undefined {
  return path.split("/").find((segment) => environments.includes(segment));
}
