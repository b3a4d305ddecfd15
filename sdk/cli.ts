#!/usr/bin/env node
/**
 * `pulumi-passwork export --vault <id|name> [--format yaml|json] [--out file] [--secrets-in-state none]`
 *
 * Writes the Layout declaration of an existing vault (see docs/layout.md). Settings come from the
 * environment Passwork's own CLI uses: PASSWORK_HOST, PASSWORK_TOKEN, PASSWORK_REFRESH_TOKEN,
 * PASSWORK_MASTER_KEY. No secret value is written, printed or logged.
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { exportProblems, layoutFromServer, renderLayout, snapshotVault } from "./layout/export";
import { withProgramClient } from "./program-client";

const USAGE = `usage: pulumi-passwork export --vault <id|name> [--format yaml|json] [--out file] [--secrets-in-state none]

Writes the Layout declaration of an existing Passwork vault (secret values are not exported).
--secrets-in-state none: fields become valueFrom references and the declaration keeps every value out
of the Pulumi state (docs/secrets-in-state.md).
Settings: PASSWORK_HOST, PASSWORK_TOKEN (and PASSWORK_REFRESH_TOKEN, PASSWORK_MASTER_KEY if needed).`;

class UsageError extends Error {}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

function formatOf(format: string | undefined, out: string | undefined): "yaml" | "json" {
  if (format !== undefined) {
    if (format !== "yaml" && format !== "json")
      throw new UsageError(`--format must be yaml or json (got "${format}")`);
    return format;
  }
  return out !== undefined && out.toLowerCase().endsWith(".json") ? "json" : "yaml";
}

async function exportCommand(argv: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      vault: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      "secrets-in-state": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return;
  }
  if (values.vault === undefined || values.vault.trim() === "")
    throw new UsageError("--vault is required: the id or name of the vault to export");
  const format = formatOf(values.format, values.out);
  const mode = values["secrets-in-state"];
  if (mode !== undefined && mode !== "none" && mode !== "encrypted")
    throw new UsageError(`--secrets-in-state must be none or encrypted (got "${mode}")`);
  const vaultRef = values.vault.trim();
  const notes: string[] = [];
  const spec = await withProgramClient(
    async (c) =>
      layoutFromServer(
        await snapshotVault(c, vaultRef),
        notes,
        mode === "none" ? { secretsInState: mode } : {},
      ),
    () => undefined,
    io.env,
  );
  const problems = exportProblems(spec);
  const text = renderLayout(spec, format, problems);
  if (values.out !== undefined) {
    fs.writeFileSync(values.out, text, "utf8");
    io.stderr(`wrote ${values.out}\n`);
  } else io.stdout(text);
  for (const n of notes) io.stderr(`note: ${n}\n`);
  if (problems.length > 0)
    io.stderr(
      `The declaration has ${problems.length} naming problem(s) to fix before applying it:\n${problems.map((p) => `  ${p}`).join("\n")}\n`,
    );
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "export") {
      await exportCommand(rest, io);
      return 0;
    }
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      io.stdout(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`pulumi-passwork: ${(err as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`pulumi-passwork: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then((code) => {
    process.exitCode = code;
  });
}
