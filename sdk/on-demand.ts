/**
 * Program-process code that needs provider/ (the HTTP client, the env-var and access rules), loaded
 * when it is first called rather than when a program does `import "pulumi-passwork"`: a program that
 * only declares resources loads nothing from provider/ (tests/unit/resources/sdk-loads.spec.ts).
 * The modules named here appear elsewhere in the package's import graph only as `import type`.
 */
import type { PassworkClient } from "../provider/client";

/** `withProgramClient` of ./program-client: a client with the stack's settings, closed after `fn`. */
export async function withServerClient<T>(fn: (c: PassworkClient) => Promise<T>): Promise<T> {
  const { withProgramClient } = require("./program-client") as typeof import("./program-client");
  return withProgramClient(fn);
}

/** Vault, folder, record and secrets lookups (getVault, getFolder, getRecord, getSecrets). */
export const objectReads = (): typeof import("./reads/objects") => require("./reads/objects");

/** User, group, service account and role lookups. */
export const principalReads = (): typeof import("./reads/principals") => require("./reads/principals");

/** The effective-access report (rows, Markdown, SVG) read from the server. */
export const accessReport = (): typeof import("./review/effective-report") =>
  require("./review/effective-report");

/** What a vault holds on the server, for a Layout's adoption and unmanaged report. */
export const vaultInventory = (): typeof import("./layout/inventory") => require("./layout/inventory");

/** The client's endpoint modules (a Layout looks identities up by login or name). */
export const clientEndpoints = (): typeof import("../provider/client") => require("../provider/client");

/** The names `passwork-cli exec` gives variables (shared with the provider's `envVars` output). */
export const envVarRules = (): typeof import("../provider/env-vars") => require("../provider/env-vars");
