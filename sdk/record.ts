import * as pulumi from "@pulumi/pulumi";
import { PassworkResource, type Registration } from "./base";
import { attachmentsInput, type AttachmentContent } from "./record-attachments";

/** How the provider generates a password. */
export interface GeneratePasswordArgs {
  /** Number of characters, 8..256. Default 32. */
  length?: pulumi.Input<number> | undefined;
  /** Use a-z. Default true. */
  lowercase?: pulumi.Input<boolean> | undefined;
  /** Use A-Z. Default true. */
  uppercase?: pulumi.Input<boolean> | undefined;
  /** Use 0-9. Default true. */
  digits?: pulumi.Input<boolean> | undefined;
  /** Use shell-safe symbols (`!#%+-.:=?@^_~`). Default true. */
  symbols?: pulumi.Input<boolean> | undefined;
}

/**
 * A secret given by reference: resolved by the provider process at create/update, never a Pulumi
 * input value, so it never enters the state. `env`: an environment variable of `pulumi up`;
 * `file`: a file relative to the program directory (one trailing newline dropped); `keep`: the value
 * already on the server (adoption). See docs/secrets-in-state.md.
 */
export type ValueFrom = { env: string } | { file: string } | { keep: true };

/** One custom field of a record: `value` or `valueFrom`. */
export interface CustomFieldArgs {
  /** The value (kept secret in `encrypted` mode). For `totp`, the base32 seed. */
  value?: pulumi.Input<string> | undefined;
  /** The value by reference (never in the state); required for password/totp fields in `none` mode. */
  valueFrom?: ValueFrom | undefined;
  /** `text` (default), `password` or `totp`. `passwork-cli exec` exports text and password fields, not totp. */
  type?: pulumi.Input<"text" | "password" | "totp"> | undefined;
}

/** Arguments of a {@link Record}. */
export interface RecordArgs {
  /** The record's name; `passwork-cli exec` exports the password under this name. */
  name: pulumi.Input<string>;
  /** The vault. Changing it replaces the record (a move across vaults is not done in place). */
  vaultId: pulumi.Input<string>;
  /** The folder; absent = the vault root. Changing it moves the record in place. */
  folderId?: pulumi.Input<string> | undefined;
  /** Login / user name. */
  login?: pulumi.Input<string> | undefined;
  /** URL. */
  url?: pulumi.Input<string> | undefined;
  /** Free-text description. */
  description?: pulumi.Input<string> | undefined;
  /** Passwork colour code (0 = none, up to 32). */
  color?: pulumi.Input<number> | undefined;
  /** Tags (a set: order and duplicates do not matter). Checked against `passwork:allowedTags` when set. */
  tags?: pulumi.Input<pulumi.Input<string>[]> | undefined;
  /** The password, supplied by you (kept secret). Not together with `generatePassword`. */
  password?: pulumi.Input<string> | undefined;
  /** Let the provider generate a crypto-random password, regenerated only when `rotation` changes. */
  generatePassword?: pulumi.Input<GeneratePasswordArgs> | undefined;
  /** Any string; changing it makes the provider generate a new password. Needs `generatePassword`. */
  rotation?: pulumi.Input<string> | undefined;
  /**
   * `managed` (default): the program owns the password. `seed`: the password is written at create and
   * then belongs to people: never overwritten, and changes made in Passwork are not reported as drift.
   */
  passwordMode?: pulumi.Input<"managed" | "seed"> | undefined;
  /** Custom fields keyed by name (unique regardless of case); values are kept secret. */
  customFields?: pulumi.Input<{ [name: string]: pulumi.Input<CustomFieldArgs> }> | undefined;
  /** On create, take over an existing record with this name in the same folder (refused if that would destroy data). */
  adopt?: pulumi.Input<boolean> | undefined;
  /** The password by reference (never in the state). Not together with `password` or `generatePassword`. */
  passwordFrom?: { env: string } | { file: string } | undefined;
  /**
   * Overrides the provider setting `passwork:secretsInState` for this record. `encrypted` (default):
   * values are stored in the state, encrypted. `none`: no secret value enters the state (fingerprints
   * only; secrets come from `generatePassword`, `passwordFrom` or `valueFrom`).
   */
  secretsInState?: "encrypted" | "none" | undefined;
  /**
   * Files attached to the record, by file name: text, a `pulumi.asset.FileAsset` / `StringAsset`, bytes or
   * `{ base64 }` (kept secret; at most 5 MB each). Compared by content hash: unchanged files send nothing.
   * Files attached by hand stay unless `exclusiveAttachments` is true.
   */
  attachments?: pulumi.Input<{ [fileName: string]: pulumi.Input<AttachmentContent> }> | undefined;
  /** Remove files on the record that `attachments` does not declare (the preview names them). Default false. */
  exclusiveAttachments?: pulumi.Input<boolean> | undefined;
}

/** Outputs that carry secret values: stored encrypted in the state (`encrypted` mode). */
export const RECORD_SECRET_OUTPUTS = ["password", "customFields", "envVars", "attachments"];

/** The mode of a record: its own setting, else the stack config `passwork:secretsInState`. */
export function secretsInStateOf(args: Pick<RecordArgs, "secretsInState">): "encrypted" | "none" {
  const mode = args.secretsInState ?? new pulumi.Config("passwork").get("secretsInState");
  return mode === "none" ? "none" : "encrypted";
}

/**
 * The properties a Record registers: its inputs, every output declared (undefined until the provider
 * answers), and the secret inputs wrapped as secrets so they are stored encrypted, not only the outputs.
 * bench/floor/mirror.ts registers the same, so its floor has exactly this property surface.
 */
export function recordProps(args: RecordArgs): pulumi.Inputs {
  const declaredInputs = {
    folderId: undefined,
    login: undefined,
    url: undefined,
    description: undefined,
    color: undefined,
    tags: undefined,
  };
  const computedOutputs = {
    envVars: undefined,
    path: undefined,
    fingerprints: undefined,
    drifted: undefined,
  };
  // `none` mode: nothing is wrapped as secret and no output is made secret, because no value reaches the
  // state: the provider refuses inline secrets at check (password, password/totp fields, attachments)
  // and outputs fingerprints. A non-secret text field stays an ordinary input.
  if (secretsInStateOf(args) === "none")
    return {
      ...declaredInputs,
      password: undefined,
      ...args,
      customFields: refuseSecretOutputs(args.name, args.customFields),
      ...computedOutputs,
    };
  return {
    ...declaredInputs,
    ...args,
    password: args.password === undefined ? undefined : pulumi.secret(args.password),
    customFields: args.customFields === undefined ? undefined : pulumi.secret(args.customFields),
    ...computedOutputs,
    // Only a record that declares files has the attachment properties (the others keep their state small).
    ...(args.attachments === undefined && args.exclusiveAttachments === undefined
      ? {}
      : {
          attachments: attachmentsInput(args.attachments),
          attachmentIds: undefined,
          otherAttachments: undefined,
        }),
  };
}

/**
 * In `none` mode a secret Output given as a field value (e.g. `config.requireSecret` for a text field)
 * would be stored as a secret-marked input: refused here, at preview, with what to use instead. The
 * provider cannot tell (the engine strips secret markers before check).
 */
export function refuseSecretOutputs<T>(
  name: pulumi.Input<string>,
  fields: pulumi.Input<T> | undefined,
): pulumi.Output<unknown> | undefined {
  if (fields === undefined) return undefined;
  const value = pulumi.output(fields);
  const refused = (recordName: string) =>
    new Error(
      `Record "${recordName}": customFields holds a secret Output, but secretsInState is "none" (no secret value may be stored in the state); give that field's value by valueFrom: { env: "NAME" } or { file: "./path" } instead (docs/secrets-in-state.md)`,
    );
  return pulumi.output(pulumi.isSecret(value)).apply((secret): pulumi.Output<unknown> => {
    if (!secret) return value;
    return pulumi.output(name).apply((recordName) => {
      throw refused(recordName);
    });
  });
}

const RECORD: Registration = { kind: "record", secretOutputs: RECORD_SECRET_OUTPUTS, idAlias: "recordId" };
const RECORD_WITHOUT_SECRETS: Registration = { kind: "record", idAlias: "recordId" };

/**
 * A Passwork record (password item). Its type token is `pulumi-nodejs:dynamic/passwork:Record`.
 * `password`, `customFields` and `envVars` are secret outputs.
 */
export class Record extends PassworkResource {
  /** The record id (same as `id`). */
  declare public readonly recordId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly vaultId: pulumi.Output<string>;
  declare public readonly folderId: pulumi.Output<string | undefined>;
  declare public readonly login: pulumi.Output<string | undefined>;
  declare public readonly url: pulumi.Output<string | undefined>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly color: pulumi.Output<number | undefined>;
  /** The tag set, sorted. */
  declare public readonly tags: pulumi.Output<string[]>;
  /** The password (given, generated, or the seed written at create). Secret. Absent in `none` mode. */
  declare public readonly password: pulumi.Output<string | undefined>;
  /**
   * Custom fields as stored, keyed by name. Secret. In `none` mode and for `valueFrom` fields: the
   * reference (`valueFrom`) or a `fingerprint` instead of the value.
   */
  declare public readonly customFields: pulumi.Output<{
    [name: string]: {
      value?: string;
      valueFrom?: ValueFrom;
      fingerprint?: string;
      type: "text" | "password" | "totp";
    };
  }>;
  /**
   * The variables `passwork-cli exec` would export for this record. Secret. In `none` mode (or with
   * references) each maps to the keyed fingerprint of its value: names, not values.
   */
  declare public readonly envVars: pulumi.Output<{ [name: string]: string }>;
  /** Slot (`password`, `customFields.NAME`) → keyed fingerprint of the value (none mode, references). */
  declare public readonly fingerprints: pulumi.Output<{ [slot: string]: string } | undefined>;
  /** Slots whose value in Passwork differed from the declared one at the last refresh; `up` restores them. */
  declare public readonly drifted: pulumi.Output<string[] | undefined>;
  /** Folder names from the vault root, then the record name, e.g. `production/databases/DB_PASSWORD`. */
  declare public readonly path: pulumi.Output<string>;
  /** File name → Passwork's content hash of each declared attachment (never the content). Secret. */
  declare public readonly attachments: pulumi.Output<{ [fileName: string]: string } | undefined>;
  /** File name → attachment id on the server. */
  declare public readonly attachmentIds: pulumi.Output<{ [fileName: string]: string } | undefined>;
  /** Names of files on the record this stack does not declare (attached by hand; left alone). */
  declare public readonly otherAttachments: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: RecordArgs, opts?: pulumi.CustomResourceOptions) {
    const none = secretsInStateOf(args) === "none";
    super(none ? RECORD_WITHOUT_SECRETS : RECORD, name, recordProps(args), opts);
  }
}
