/**
 * effectiveAccess(): who can do what in a vault or subtree, computed from the server's grants with
 * the same walk Passwork enforces, as stack outputs: JSON rows, a Markdown table for PR review and
 * an SVG matrix.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AccessRow } from "./review/report";
import type { ShortcutReachRow } from "./review/shortcut-reach";
import { accessReport, withServerClient } from "./on-demand";

export type { AccessRow };

export interface EffectiveAccessArgs {
  vaultId: pulumi.Input<string>;
  /** Report only this folder's subtree (grants on its ancestors still count). */
  folderId?: pulumi.Input<string> | undefined;
  /**
   * Resources to wait for (e.g. the grants of this program), so the report shows the state after
   * they are applied. During preview, when they are not known yet, the outputs are unknown.
   */
  dependsOn?: pulumi.Input<unknown>[] | undefined;
}

export interface EffectiveAccessResult {
  /**
   * principal × directory → level (`none` = no access) with the reason and the deciding grant; the
   * level as Passwork names it (`levelName`), and apart from it the principal's `membership` (connected
   * directly, through groups, or as a vault-type administrator: `irrevocable`).
   */
  rows: pulumi.Output<AccessRow[]>;
  /** A Markdown matrix, a legend with Passwork's level names, a "why" table and a membership table. */
  markdown: pulumi.Output<string>;
  /** A standalone SVG matrix coloured by level, with a legend. */
  svg: pulumi.Output<string>;
  /** Per principal, the records it reaches through shortcuts in the reported subtree (also in `markdown`). */
  shortcutReach: pulumi.Output<ShortcutReachRow[]>;
}

export function effectiveAccess(args: EffectiveAccessArgs): EffectiveAccessResult {
  const waitFor = (args.dependsOn ?? []).map((d) =>
    pulumi.CustomResource.isInstance(d) ? d.id : pulumi.Resource.isInstance(d) ? d.urn : pulumi.output(d),
  );
  const report = pulumi
    .all([args.vaultId, args.folderId, pulumi.all(waitFor)])
    .apply(([vaultId, folderId]) =>
      withServerClient((c) => accessReport().effectiveAccessReport(c, { vaultId, folderId })),
    );
  return {
    rows: report.rows,
    markdown: report.markdown,
    svg: report.svg,
    shortcutReach: report.shortcutReach,
  };
}
