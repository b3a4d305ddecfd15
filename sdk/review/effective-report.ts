/**
 * The effective-access report read from the server: every directory of a vault (or of one folder's
 * subtree), the direct grants on it and on its ancestors, every principal, then report.ts.
 * The provider's identity needs at least `full` on the directories (listing grants is "view accesses").
 * The vault type's administrators (published endpoint) are shown as administrators who cannot be
 * removed or demoted.
 */
import { shortcuts as shortcutsApi, type PassworkClient } from "../../provider/client";
import { buildReport, type AccessRow } from "./report";
import { reportMarkdown } from "./report-markdown";
import { reportSvg } from "./report-svg";
import {
  grantsOnAllWith,
  loadPrincipals,
  loadVaultTree,
  vaultTypeAdministratorIds,
} from "../../provider/resources/access/reads";
import { shortcutReach, shortcutReachMarkdown, type ShortcutReachRow } from "./shortcut-reach";
import { connectionRequestsMarkdown, markPending, pendingConnections } from "./connection-requests";

export interface EffectiveAccessReport {
  rows: AccessRow[];
  markdown: string;
  svg: string;
  /** Per principal, the records it reaches through shortcuts in the reported subtree. */
  shortcutReach: ShortcutReachRow[];
}

export async function effectiveAccessReport(
  c: PassworkClient,
  args: { vaultId: string; folderId?: string | undefined },
): Promise<EffectiveAccessReport> {
  const view = await loadVaultTree(c, "vault", args.vaultId);
  const rootId = args.folderId ?? args.vaultId;
  if (!view.tree.get(rootId))
    throw new Error(
      `folder ${rootId} is not in vault ${view.vaultName} (${args.vaultId}); pass a folderId of that vault`,
    );
  const dirs = [...view.tree.subtree(rootId), ...view.tree.walkUp(rootId).slice(1)];
  // The vault type's administrators, the vault's shortcuts and (encrypted vaults) its requests for
  // connection ride in the last /batch of grant reads.
  const [{ grants, extra }, principals] = await Promise.all([
    grantsOnAllWith(c, dirs, false, () =>
      Promise.all([
        vaultTypeAdministratorIds(c, args.vaultId, view.typeId),
        shortcutsApi.inVault(c, args.vaultId),
        pendingConnections(c, args.vaultId, view.encrypted),
      ]),
    ),
    loadPrincipals(c),
  ]);
  const [vaultTypeAdministrators, shortcuts, pending] = extra;
  const rows = markPending(
    buildReport({ tree: view.tree, grants, principals, rootId, vaultTypeAdministrators }),
    pending,
  );
  const title = `Effective access: ${view.tree.path(rootId)}`;
  const inSubtree = new Set(view.tree.subtree(rootId).map((d) => d.id));
  const pathOf = (vaultId: string, folderId: string | null) =>
    view.tree.get(folderId ?? vaultId) ? view.tree.path(folderId ?? vaultId) : `vault ${vaultId}`;
  const reach = shortcutReach(
    rows,
    shortcuts
      .map((s) => ({
        shortcutId: s.shortcut.id,
        recordId: s.shortcut.itemId,
        recordName: s.name,
        recordPath: `${pathOf(s.vaultId, s.folderId)}/${s.name}`,
        directoryId: s.shortcut.folderId ?? s.shortcut.vaultId,
      }))
      .filter((s) => inSubtree.has(s.directoryId)),
  );
  return {
    rows,
    markdown:
      reportMarkdown(rows, title) + connectionRequestsMarkdown(rows, pending) + shortcutReachMarkdown(reach),
    svg: reportSvg(rows, title),
    shortcutReach: reach,
  };
}
