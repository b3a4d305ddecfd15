/**
 * The environment-variable map `passwork-cli exec` builds from records (reference/passwork-api.md §6),
 * as a pure function over decrypted records so it can be tested without a server.
 *
 * Rules: a record with a non-empty password gives `sanitize(name) = password`; each custom field of
 * type text or password gives `sanitize(field name) = value`; totp fields are skipped; records apply
 * in order and later names overwrite earlier ones (records and fields share one namespace). The CLI
 * crashes on an empty name; we skip such an entry and report it instead.
 */

export interface ExecRecord {
  /** Absent when the wire JSON had no name key: the CLI then uses PASSWORD. */
  name?: string;
  password: string | null;
  customs: readonly { name: string; type: string; value: string }[];
}

export interface EnvMapResult {
  env: Record<string, string>;
  /** Human-readable notes: skipped empty names and overwritten variables. No values. */
  warnings: string[];
}

/**
 * `passwork-cli exec` naming: non-alphanumerics → `_`, `P_` prefix unless it starts with a letter. Case
 * kept. One `_` per code point (Python strings), so an emoji is one `_`, not two UTF-16 halves.
 */
export function sanitizeEnvName(name: string): string {
  const replaced = name.replace(/[^A-Za-z0-9]/gu, "_");
  return /^[A-Za-z]/.test(replaced) ? replaced : `P_${replaced}`;
}

export function buildEnvMap(records: readonly ExecRecord[]): EnvMapResult {
  const env: Record<string, string> = {};
  const from: Record<string, string> = {};
  const warnings: string[] = [];
  const assign = (rawName: string, value: string, origin: string) => {
    if (rawName === "") {
      warnings.push(`${origin} has an empty name; passwork-cli exec would fail on it, so it is skipped`);
      return;
    }
    const name = sanitizeEnvName(rawName);
    if (Object.prototype.hasOwnProperty.call(env, name))
      warnings.push(`${name} from ${origin} overwrites the value from ${from[name]}`);
    env[name] = value;
    from[name] = origin;
  };
  for (const record of records) {
    const recordName = record.name ?? "PASSWORD";
    // null = no password; "" only arrives for an encrypted empty string, which exec exports as NAME="".
    if (record.password !== null) assign(recordName, record.password, `record "${recordName}"`);
    for (const field of record.customs) {
      if (field.type !== "text" && field.type !== "password") continue;
      assign(field.name, field.value, `field "${field.name}" of record "${recordName}"`);
    }
  }
  return { env, warnings };
}
