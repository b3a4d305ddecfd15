/**
 * The review's part on requests for connection (client-side encryption; docs/access-protocol.md): a user
 * who reaches the vault through groups but holds no vault key cannot read anything there until a vault
 * administrator approves. Their rows are marked, and a short table follows the membership table.
 * Read only for an encrypted vault (a plain vault has no requests: no request is sent for it).
 */
import { connectionRequests, PassworkApiError, type PassworkClient } from "../../provider/client";
import { escapeMarkdown } from "./report-markdown";
import { principalLabel, type AccessRow } from "./report";

/** What the review knows: the pending requests, or that the provider's identity may not list them. */
export type PendingConnections =
  | { kind: "none" }
  | { kind: "pending"; requests: { userId: string; userGroupIds: string[] }[] }
  | { kind: "unreadable"; reason: string };

export const PENDING_NOTE =
  "request for connection pending — can't read until a vault administrator approves";

/** The vault's pending requests (coalesced with the review's other reads); none for a plain vault. */
export async function pendingConnections(
  c: PassworkClient,
  vaultId: string,
  encrypted: boolean | undefined,
): Promise<PendingConnections> {
  if (encrypted !== true) return { kind: "none" };
  try {
    const requests = await connectionRequests.listForVault(c, vaultId);
    return requests.length === 0 ? { kind: "none" } : { kind: "pending", requests };
  } catch (err) {
    // Only a vault administrator sees the requests; the review itself needs Full access.
    if (err instanceof PassworkApiError && err.status === 403)
      return { kind: "unreadable", reason: "listing them needs Administrator on the vault" };
    throw err;
  }
}

/** The rows of users with a pending request, marked (other rows unchanged). */
export function markPending(rows: AccessRow[], pending: PendingConnections): AccessRow[] {
  if (pending.kind !== "pending") return rows;
  const waiting = new Set(pending.requests.map((r) => r.userId));
  return rows.map((r) =>
    r.principalType === "user" && waiting.has(r.principalId) ? { ...r, connectionRequest: "pending" } : r,
  );
}

/** The Markdown that follows the membership table; empty when there is nothing to say. */
export function connectionRequestsMarkdown(rows: readonly AccessRow[], pending: PendingConnections): string {
  if (pending.kind === "unreadable")
    return `Requests for connection (client-side encryption): not read — ${escapeMarkdown(pending.reason)}.\n\n`;
  if (pending.kind !== "pending") return "";
  const groupName = new Map(
    rows.filter((r) => r.principalType === "group").map((r) => [r.principalId, r.principalName]),
  );
  const byUser = new Map(rows.filter((r) => r.principalType === "user").map((r) => [r.principalId, r]));
  const lines = [
    "Requests for connection (client-side encryption): members who reach the vault through groups but hold no vault key.",
    "",
    "| principal | membership |",
    "|---|---|",
  ];
  for (const req of pending.requests) {
    const row = byUser.get(req.userId);
    const who = row ? principalLabel(row) : `user ${req.userId}`;
    const groups = req.userGroupIds.map((id) => groupName.get(id) ?? id);
    const through = `through ${groups.length === 1 ? "group" : "groups"} ${groups.join(", ")}`;
    lines.push(`| ${escapeMarkdown(who)} | ${escapeMarkdown(`${through}; ${PENDING_NOTE}`)} |`);
  }
  lines.push("", "");
  return lines.join("\n");
}
