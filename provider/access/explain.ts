/** Human-readable reasons for an effective-access decision ("why can X read production?"). */
import type { AccessReason } from "./effective";
import type { DirectGrant, DirectoryTree, PrincipalType } from "./model";

export type NameOf = (type: PrincipalType, id: string) => string;

/** e.g. `group platform: full on infrastructure/production (inherited; highest of platform full, developers read)`. */
export function explain(tree: DirectoryTree, reason: AccessReason, nameOf: NameOf): string {
  if (reason.kind === "none") return "no grant on the path to the vault";
  if (reason.kind === "vaultTypeAdministrator")
    return "vault-type administrator: admin on every vault of its type; cannot be removed or demoted";
  const g = reason.grant;
  const where = tree.get(g.directoryId) ? tree.path(g.directoryId) : g.directoryId;
  const who = reason.kind === "direct" ? "direct grant" : `group ${nameOf("group", g.principalId)}`;
  const notes: string[] = [];
  if (reason.inherited) notes.push("inherited");
  if (reason.kind === "group" && reason.competing.length > 1) {
    notes.push(
      `highest of ${reason.competing.map((c) => `${nameOf(c.principalType, c.principalId)} ${c.level}`).join(", ")}`,
    );
  }
  return `${who}: ${g.level} on ${where}${notes.length ? ` (${notes.join("; ")})` : ""}`;
}

/**
 * Why the level applies to a user connected without access on the walk, appended to `explain`, e.g.
 * `connected without access on infrastructure/production: the groups' level applies`; with no level at
 * all it replaces `explain` (whose "no grant on the path" would overlook the connect grant).
 */
export function explainConnected(tree: DirectoryTree, reason: AccessReason, connected: DirectGrant): string {
  const where = tree.get(connected.directoryId) ? tree.path(connected.directoryId) : connected.directoryId;
  const applies =
    reason.kind === "group"
      ? "the groups' level applies"
      : reason.kind === "direct"
        ? "the nearest direct level above applies"
        : "no level from a direct grant or a group on the path: no access";
  return `connected without access on ${where}: ${applies}`;
}

/** e.g. `admin on vault infrastructure to user pulumi-bot (6650…)`: used in guard messages. */
export function describeGrant(tree: DirectoryTree | undefined, grant: DirectGrant, nameOf: NameOf): string {
  const dir = tree?.get(grant.directoryId);
  const where = dir ? `${dir.kind} ${tree!.path(dir.id)}` : `directory ${grant.directoryId}`;
  const name = nameOf(grant.principalType, grant.principalId);
  const who =
    name === grant.principalId
      ? `${grant.principalType} ${name}`
      : `${grant.principalType} ${name} (${grant.principalId})`;
  return `${grant.level} on ${where} to ${who}`;
}
