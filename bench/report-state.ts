/**
 * The parts of bench/RESULTS.md about state size (bench/state-size.ts) and the targets judged against the
 * minimal floor: bytes per resource kind, ours against both floors, and the time ratios that follow from
 * them (the file backend rewrites the whole state at every step).
 */
import type { BenchResults, OpName, SizeResult } from "./results";
import type { Role, StateSize } from "./state-size";

const ROLE_LABEL: Record<Role, string> = {
  vault: "Vault",
  folder: "Folder",
  grant: "FolderAccess",
  record: "Record",
};

const kb = (n: number | undefined): string => (n === undefined ? "—" : n.toLocaleString("en-US"));

/** The state-size table of one size N (empty when the run did not measure it). */
export function stateTable(s: SizeResult): string[] {
  if (!s.state) return [];
  const { ours, floor, minimal } = s.state;
  const row = (role: Role): string => {
    const o = ours.byRole[role];
    const f = floor?.byRole[role];
    const m = minimal?.byRole[role];
    const ratio = o && m ? (o.bytesPerResource / m.bytesPerResource).toFixed(2) : "—";
    return `| ${ROLE_LABEL[role]} | ${o?.resources ?? 0} | ${kb(o?.bytesPerResource)} | ${kb(o?.providerBytes)} | ${kb(f?.bytesPerResource)} | ${kb(m?.bytesPerResource)} | ${ratio} |`;
  };
  const file = (x: StateSize | undefined): string => (x ? kb(x.fileBytes) : "—");
  return [
    `State after up from empty, N = ${s.records} (bytes per resource: compact JSON of the exported entry, secrets as ciphertext; \`__provider\` = its inputs and outputs copies together):`,
    "",
    "| kind | resources | ours (bytes) | of which `__provider` | floor (bytes) | minimal floor (bytes) | ours/minimal |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...(["vault", "folder", "grant", "record"] as const).map(row),
    `| whole state file | | ${file(ours)} | | ${file(floor)} | ${file(minimal)} | ${ours.fileBytes && minimal?.fileBytes ? (ours.fileBytes / minimal.fileBytes).toFixed(2) : "—"} |`,
    "",
  ];
}

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? "not measured" : ok ? "met" : "**not met**";
}

/**
 * The targets of the state-size work (issue 20): bytes per Record ≤ 3,000 and per Folder/Vault ≤ 1,500;
 * at N = 500 up from empty, destroy and the no-change up ≤ 1.0× the minimal floor; growth
 * time(1000)/time(100) ≤ the minimal floor's own.
 */
export function minimalFloorTargets(r: BenchResults): string[] {
  const lines: string[] = [];
  const measured = r.sizes.filter((s) => s.state);
  const largest = measured[measured.length - 1];
  if (largest?.state) {
    const bytes = (role: Role) => largest.state!.ours.byRole[role]?.bytesPerResource;
    const rec = bytes("record");
    lines.push(
      `| state bytes per Record ≤ 3,000 (N=${largest.records}) | ${kb(rec)} | ${verdict(rec === undefined ? undefined : rec <= 3000)} |`,
    );
    for (const role of ["folder", "vault"] as const) {
      const b = bytes(role);
      lines.push(
        `| state bytes per ${ROLE_LABEL[role]} ≤ 1,500 (N=${largest.records}) | ${kb(b)} | ${verdict(b === undefined ? undefined : b <= 1500)} |`,
      );
    }
  }
  const s500 = r.sizes.find((s) => s.records === 500);
  const vsMinimal = (label: string, op: OpName): string => {
    const o = s500?.ops[op];
    if (!o?.minimal) return `| ${label} | — | not measured (needs N=500 and the minimal floor) |`;
    const x = o.ours.seconds / o.minimal.seconds;
    return `| ${label} | ${x.toFixed(2)}× (${o.ours.seconds.toFixed(1)} s vs ${o.minimal.seconds.toFixed(1)} s) | ${verdict(x <= 1.0)} |`;
  };
  lines.push(vsMinimal("up from empty, N=500 ≤ 1.0× minimal floor", "up"));
  lines.push(vsMinimal("destroy, N=500 ≤ 1.0× minimal floor", "destroy"));
  lines.push(vsMinimal("second up, N=500 ≤ 1.0× minimal floor", "up-nochange"));
  const small = r.sizes.find((s) => s.records === 100);
  const large = r.sizes.find((s) => s.records === 1000);
  if (small?.ops.up.minimal && large?.ops.up.minimal) {
    const ours = large.ops.up.ours.seconds / small.ops.up.ours.seconds;
    const floor = large.ops.up.minimal.seconds / small.ops.up.minimal.seconds;
    lines.push(
      `| up growth time(1000)/time(100) ≤ the minimal floor's | ours ${ours.toFixed(2)}, minimal floor ${floor.toFixed(2)} | ${verdict(ours <= floor)} |`,
    );
  } else {
    lines.push(
      "| up growth time(1000)/time(100) ≤ the minimal floor's | — | not measured (needs N=100 and N=1000) |",
    );
  }
  return lines;
}
