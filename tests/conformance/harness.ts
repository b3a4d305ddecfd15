/**
 * Conformance harness: runs Passwork's official Python client (passwork-python 0.2.0 from PyPI,
 * unmodified, in a venv made by scripts/ensure-python-client.sh) and its passwork-cli against an
 * emulator started in this process. A missing venv fails the spec with the command that makes it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";

export const DRIVERS = join(__dirname, "drivers");

export function venvPath(): string {
  return (
    process.env.PASSWORK_PY_VENV ?? join(homedir(), ".cache", "pulumi-passwork", "passwork-python-0.2.0")
  );
}

/** Throws (never skips) when the vendor client is not installed. */
export function requireVenv(): { python: string; cli: string } {
  const venv = venvPath();
  const python = join(venv, "bin", "python");
  const cli = join(venv, "bin", "passwork-cli");
  if (!existsSync(python) || !existsSync(cli))
    throw new Error(
      `passwork-python 0.2.0 is not installed at ${venv}: run \`bash scripts/ensure-python-client.sh\` ` +
        `(or set PASSWORK_PY_VENV to a venv that has it), then run the conformance specs again`,
    );
  return { python, cli };
}

export interface Proc {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<Proc>((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}

export interface Call {
  op: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
}
export type CallResult = { ok: true; result: any } | { ok: false; error: string; type: string };

export interface Who {
  accessToken: string;
  refreshToken?: string;
  masterKey?: string | null;
  masterPassword?: string | null;
}

/** A reference to the result of call `i` (then indexed by `keys`) for a later call's arguments. */
export const ref = (i: number, ...keys: (string | number)[]) => ({ $ref: [i, ...keys] });

/** Runs calls on the vendor's PassworkClient in one Python process. */
export async function py(
  emu: RunningEmulator,
  who: Who,
  calls: Call[],
  opts: { autoRefresh?: boolean } = {},
): Promise<CallResult[]> {
  const { python } = requireVenv();
  const spec = {
    host: emu.url,
    accessToken: who.accessToken,
    refreshToken: who.refreshToken,
    ...(who.masterKey ? { masterKey: who.masterKey } : {}),
    ...(who.masterPassword ? { masterPassword: who.masterPassword } : {}),
    autoRefresh: opts.autoRefresh === true,
    calls,
  };
  const p = await run(python, [join(DRIVERS, "client.py")], { input: JSON.stringify(spec) });
  if (p.code !== 0) throw new Error(`client driver exited ${p.code}: ${p.stderr.slice(-2000)}`);
  return JSON.parse(p.stdout.trim().split("\n").pop() as string) as CallResult[];
}

/** The result of a successful call; a failed one fails the test with the client's own message. */
export function okOf(r: CallResult | undefined, what: string): any {
  if (!r) throw new Error(`${what}: no result`);
  if (!r.ok) throw new Error(`${what}: the official client failed: ${r.type}: ${r.error}`);
  return r.result;
}

/** passwork-cli with the caller's credentials. */
export async function cli(emu: RunningEmulator, who: Who, args: string[]): Promise<Proc> {
  const { cli: bin } = requireVenv();
  const cred = ["--host", emu.url, "--token", who.accessToken];
  if (who.refreshToken) cred.push("--refresh-token", who.refreshToken);
  if (who.masterKey) cred.push("--master-key", who.masterKey);
  const [mode, ...rest] = args;
  return run(bin, [mode as string, ...cred, ...rest]);
}

/**
 * `passwork-cli exec <selection>` running our env dumper; returns the variables exec added or changed
 * (compared with the same run over a record that exports nothing), or the failed process.
 */
export async function execEnv(
  emu: RunningEmulator,
  who: Who,
  selection: string[],
  baseline: Record<string, string>,
): Promise<{ env: Record<string, string>; proc: Proc }> {
  const { python } = requireVenv();
  const proc = await cli(emu, who, [
    "exec",
    ...selection,
    "--cmd",
    `${python} ${join(DRIVERS, "dump_env.py")}`,
  ]);
  if (proc.code !== 0) return { env: {}, proc };
  const all = JSON.parse(proc.stdout.trim().split("\n").pop() as string) as Record<string, string>;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) if (baseline[k] !== v) env[k] = v;
  return { env, proc };
}

/**
 * The environment exec's command sees apart from what exec exports: exec over a marker record (a
 * password and nothing else; a record without one cannot serve, the official client cannot read such
 * an item under CSE), minus the marker's own variable.
 */
export async function execBaseline(emu: RunningEmulator, who: Who, markerId: string, markerName: string) {
  const { python } = requireVenv();
  const proc = await cli(emu, who, [
    "exec",
    "--password-id",
    markerId,
    "--cmd",
    `${python} ${join(DRIVERS, "dump_env.py")}`,
  ]);
  if (proc.code !== 0) throw new Error(`exec baseline failed: ${proc.stderr}`);
  const env = JSON.parse(proc.stdout.trim().split("\n").pop() as string) as Record<string, string>;
  if (!(markerName in env)) throw new Error(`exec baseline: the marker ${markerName} was not exported`);
  delete env[markerName];
  return env;
}

export interface ConformanceEmulator {
  emu: RunningEmulator;
  admin: Who;
  cse: boolean;
}

export async function startConformance(cse: boolean): Promise<ConformanceEmulator> {
  requireVenv();
  const emu = await startEmulator({ port: 0, clientSideEncryption: cse, logErrors: false });
  return {
    emu,
    cse,
    admin: {
      accessToken: emu.adminTokens.accessToken,
      refreshToken: emu.adminTokens.refreshToken,
      masterKey: emu.adminMasterKey,
    },
  };
}

/** Raw control-plane / API calls from the test side (node fetch, raw JSON). */
export async function http(
  emu: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-Response-Format": "raw" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(emu.url + path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}
