/**
 * The plain data the pure access logic works on: a directory tree, direct grants and principals.
 * Built from client reads by the resources; built by hand in unit tests.
 */
import type { AccessLevel, GrantLevel } from "./levels";

export type PrincipalType = "user" | "group";
/** What a user sees: a service account is a user with `isServiceAccount`. */
export type PrincipalKind = "user" | "serviceAccount" | "group";

export interface Directory {
  id: string;
  kind: "vault" | "folder";
  name: string;
  /** The parent folder's id, or the vault's id for a root folder; null for the vault. */
  parentId: string | null;
}

export interface DirectGrant {
  directoryId: string;
  principalType: PrincipalType;
  principalId: string;
  /** A level, or `connect` (users only: a direct member with no level of its own here). */
  level: GrantLevel;
}

/** A grant that holds a level of its own (not `connect`): the only kind that decides a walk. */
export type LevelGrant = DirectGrant & { level: AccessLevel };

export function hasOwnLevel(g: DirectGrant): g is LevelGrant {
  return g.level !== "connect";
}

export interface PrincipalInfo {
  type: PrincipalType;
  id: string;
  kind: PrincipalKind;
  /** Login for users and service accounts, name for groups. */
  name: string;
  /** Groups a user belongs to (empty for groups). */
  groupIds: readonly string[];
}

/** Directories by id, with the walk from a directory up to its vault. */
export class DirectoryTree {
  private readonly byId = new Map<string, Directory>();

  constructor(directories: Iterable<Directory>) {
    for (const d of directories) this.byId.set(d.id, d);
  }

  get(id: string): Directory | undefined {
    return this.byId.get(id);
  }

  all(): Directory[] {
    return [...this.byId.values()];
  }

  /** `id`, its parent folders, then the vault. Throws on an unknown id or a cycle. */
  walkUp(id: string): Directory[] {
    const out: Directory[] = [];
    const seen = new Set<string>();
    let current = this.byId.get(id);
    if (!current) throw new Error(`directory ${id} is not in the tree`);
    while (current) {
      if (seen.has(current.id)) throw new Error(`directory tree has a cycle at ${current.id}`);
      seen.add(current.id);
      out.push(current);
      if (current.parentId === null) break;
      const parent = this.byId.get(current.parentId);
      if (!parent)
        throw new Error(`directory ${current.id} has parent ${current.parentId}, which is not in the tree`);
      current = parent;
    }
    return out;
  }

  /** "infrastructure/production/databases": the vault name, then the folders. */
  path(id: string): string {
    return this.walkUp(id)
      .reverse()
      .map((d) => d.name)
      .join("/");
  }

  /** The path inside the vault ("production/databases"; "" for the vault itself). */
  pathInVault(id: string): string {
    return this.walkUp(id)
      .reverse()
      .slice(1)
      .map((d) => d.name)
      .join("/");
  }

  /** `rootId` and every directory below it, parents before children, siblings by name. */
  subtree(rootId: string): Directory[] {
    const root = this.byId.get(rootId);
    if (!root) throw new Error(`directory ${rootId} is not in the tree`);
    const children = new Map<string, Directory[]>();
    for (const d of this.byId.values()) {
      if (d.parentId === null) continue;
      const list = children.get(d.parentId) ?? [];
      list.push(d);
      children.set(d.parentId, list);
    }
    const out: Directory[] = [];
    const visit = (d: Directory): void => {
      out.push(d);
      const kids = (children.get(d.id) ?? []).sort((a, b) => a.name.localeCompare(b.name));
      for (const k of kids) visit(k);
    };
    visit(root);
    return out;
  }
}
