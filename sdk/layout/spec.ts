/**
 * `LayoutSpec`: the declaration of a whole vault tree, as one plain value (TypeScript object, YAML or
 * JSON file). The schema checks *shape* only; naming and structure rules that need the whole tree
 * (placeholders, duplicates, `passwork-cli exec` collisions) live in `rules.ts`, so every problem is
 * collected and reported together.
 *
 * Two ways to declare folders, freely mixed:
 * - sugar: `environments: {production: {categories: {databases: [records]}}}` — the environment name
 *   and the category's tag (`categoryTags`, default databases→db, cloud→cloud, k8s→k8s) become tags
 *   of every record below;
 * - plain: `folders: {name: {folders?, records?, access?, tags?}}`, nested to any depth.
 */
import { z } from "zod";
import { CUSTOM_FIELD_TYPES } from "../../protocol/items";

export const ACCESS_LEVELS = ["forbidden", "read", "edit", "full", "admin"] as const;
/** The levels, then `connect` ("Connect without access": users and service accounts, no level of its own). */
export const GRANT_LEVELS = [...ACCESS_LEVELS, "connect"] as const;
export type LayoutAccessLevel = (typeof GRANT_LEVELS)[number];

/** Tags derived from category folder names unless `categoryTags` says otherwise. */
export const DEFAULT_CATEGORY_TAGS: Readonly<Record<string, string>> = Object.freeze({
  databases: "db",
  database: "db",
  db: "db",
  cloud: "cloud",
  k8s: "k8s",
  kubernetes: "k8s",
});

/** A secret given in a TypeScript program may be a Pulumi Output (e.g. `config.requireSecret`). */
interface OutputLike {
  apply: unknown;
}
const isOutputLike = (v: unknown): v is OutputLike =>
  typeof v === "object" && v !== null && typeof (v as { apply?: unknown }).apply === "function";
const SecretValue = z.union([z.string(), z.custom<OutputLike>(isOutputLike)], {
  error: "must be a string or a Pulumi secret Output (e.g. config.requireSecret(...))",
});

/**
 * A secret by reference, resolved by the provider process (docs/secrets-in-state.md); the provider
 * checks the reference itself (provider/resources/value-from.ts), this is its shape only — the program
 * process loads nothing from provider/ to declare resources.
 */
export const ValueFromSpec = z.union(
  [
    z.strictObject({ env: z.string() }),
    z.strictObject({ file: z.string() }),
    z.strictObject({ keep: z.literal(true) }),
  ],
  { error: 'must be { env: "NAME" }, { file: "./path" } or { keep: true }' },
);
export const SecretsInStateSpec = z.enum(["encrypted", "none"], {
  error: 'must be "encrypted" or "none" (no secret value in the state; docs/secrets-in-state.md)',
});

export const GenerateSpec = z.strictObject({
  length: z.number().int().min(8, "must be at least 8").max(256, "must be at most 256").optional(),
  lowercase: z.boolean().optional(),
  uppercase: z.boolean().optional(),
  digits: z.boolean().optional(),
  symbols: z.boolean().optional(),
});
export type GenerateSpec = z.infer<typeof GenerateSpec>;

/**
 * - `"seed"`: the provider writes a generated password once, then humans own it (adoption keeps the
 *   server's value). What `export` writes for every record that has a password.
 * - `"generate"` / `{generate: {...}, rotation?}`: provider-managed, regenerated when `rotation` changes.
 * - `{value}`: given (pass a secret Output in TypeScript; avoid plaintext in files).
 * - `{valueFrom: {env} | {file}}`: given by reference, never in the state (secretsInState none).
 */
export const PasswordSpec = z.union(
  [
    z.literal("seed"),
    z.literal("generate"),
    z.strictObject({ value: SecretValue }),
    z.strictObject({ generate: GenerateSpec, rotation: z.string().optional() }),
    z.strictObject({ seed: GenerateSpec }),
    z.strictObject({
      valueFrom: z.union([z.strictObject({ env: z.string() }), z.strictObject({ file: z.string() })]),
    }),
  ],
  // The message existing declarations' tests pin; the valueFrom form is documented in docs/secrets-in-state.md.
  { error: 'must be "seed", "generate", {value}, {generate: {...}, rotation?} or {seed: {...}}' },
);
export type PasswordSpec = z.infer<typeof PasswordSpec>;

/**
 * One custom field: a given value, or `keep: true` — the declaration does not know the value and the
 * value already on the server is kept (what `export` writes; needs the record to exist).
 */
const fieldType = z
  .enum(CUSTOM_FIELD_TYPES, { error: `must be one of ${CUSTOM_FIELD_TYPES.join(", ")}` })
  .optional();
export const CustomFieldSpec = z.union(
  [
    z.strictObject({ value: SecretValue, type: fieldType }),
    z.strictObject({ keep: z.literal(true), type: fieldType }),
    z.strictObject({ valueFrom: ValueFromSpec, type: fieldType }),
  ],
  {
    error:
      "must be {value, type?}, {valueFrom: {env} | {file} | {keep: true}, type?} or {keep: true, type?} (keep the value already on the server)",
  },
);
export type CustomFieldSpec = z.infer<typeof CustomFieldSpec>;

/**
 * One attached file's content: text, `{ base64 }` (bytes), `{ file: "path" }` (read by the program,
 * relative to its working directory), or in TypeScript a `pulumi.asset.FileAsset` / `StringAsset`.
 */
const isAssetLike = (v: unknown): boolean =>
  typeof v === "object" && v !== null && (v as { __pulumiAsset?: unknown }).__pulumiAsset === true;
export const AttachmentSpec = z.union(
  [
    z.string(),
    z.strictObject({ base64: z.string() }),
    z.strictObject({ file: z.string().min(1) }),
    z.custom<object>(isAssetLike),
  ],
  { error: 'must be text, { base64: "..." }, { file: "path" } or a pulumi.asset.FileAsset/StringAsset' },
);
export type AttachmentSpec = z.infer<typeof AttachmentSpec>;

export const RecordSpec = z.strictObject({
  name: z.string({ error: "must be a string: the record's name, e.g. mysql-primary" }),
  login: z.string().optional(),
  url: z.string().optional(),
  description: z.string().optional(),
  color: z.number().int().min(0).max(32).optional(),
  password: PasswordSpec.optional(),
  customFields: z.record(z.string(), CustomFieldSpec).optional(),
  /** Extra tags; the path's tags (environment, category, branch `tags`) are added. */
  tags: z.array(z.string()).optional(),
  /** Overrides the declaration's (and the provider's) `secretsInState` for this record. */
  secretsInState: SecretsInStateSpec.optional(),
  /** Files attached to the record, by file name (Record `attachments`). */
  attachments: z.record(z.string(), AttachmentSpec).optional(),
  /** Remove files on the record the declaration does not name. */
  exclusiveAttachments: z.boolean().optional(),
});
export type RecordSpec = z.infer<typeof RecordSpec>;

/** Exactly one of serviceAccount / user (logins) or group (name). */
export const AccessSpec = z
  .strictObject({
    serviceAccount: z.string().optional(),
    user: z.string().optional(),
    group: z.string().optional(),
    level: z.enum(GRANT_LEVELS, { error: `must be one of ${GRANT_LEVELS.join(", ")}` }),
  })
  .refine((a) => [a.serviceAccount, a.user, a.group].filter((v) => v !== undefined).length === 1, {
    message: "must name exactly one of serviceAccount, user or group",
  });
export type AccessSpec = z.infer<typeof AccessSpec>;

const branchFields = {
  access: z.array(AccessSpec).optional(),
  /** Tags added to every record below this branch. */
  tags: z.array(z.string()).optional(),
  records: z.array(RecordSpec).optional(),
  /** Records shown here by a shortcut: the path of a record in this layout, or a record id. */
  shortcuts: z.array(z.string()).optional(),
};

export interface FolderSpec {
  access?: AccessSpec[] | undefined;
  tags?: string[] | undefined;
  records?: RecordSpec[] | undefined;
  shortcuts?: string[] | undefined;
  folders?: Record<string, FolderSpec> | undefined;
}
export const FolderSpec: z.ZodType<FolderSpec> = z.lazy(() =>
  z.strictObject({ ...branchFields, folders: z.record(z.string(), FolderSpec).optional() }),
);

/** A category: a folder spec, or just its list of records. */
export const CategorySpec = z.preprocess(
  (v) => (Array.isArray(v) ? { records: v } : v),
  z.strictObject({
    ...branchFields,
    folders: z.record(z.string(), FolderSpec).optional(),
    /** Overrides `categoryTags` for this category; null = no category tag. */
    tag: z.string().nullable().optional(),
  }),
);
export type CategorySpec = z.infer<typeof CategorySpec>;

export const EnvironmentSpec = z.strictObject({
  ...branchFields,
  categories: z.record(z.string(), CategorySpec).optional(),
  folders: z.record(z.string(), FolderSpec).optional(),
  /** Overrides the environment tag (default: the environment's name); null = no environment tag. */
  tag: z.string().nullable().optional(),
});
export type EnvironmentSpec = z.infer<typeof EnvironmentSpec>;

export const VaultSpec = z.strictObject({
  name: z.string({ error: "must be a string: the vault's name, e.g. infrastructure" }),
  /** "company" | "privateShared" | a vault type id. */
  type: z.string().optional(),
  /** Take over an existing vault (found by id, else by name) and everything in it the declaration names. */
  adopt: z.boolean().optional(),
  id: z.string().optional(),
});
export type VaultSpec = z.infer<typeof VaultSpec>;

/** Identities the layout creates (access entries may also name existing ones). */
export const IdentitiesSpec = z.strictObject({
  serviceAccounts: z.array(z.strictObject({ login: z.string(), fullName: z.string().optional() })).optional(),
  groups: z.array(z.strictObject({ name: z.string(), description: z.string().optional() })).optional(),
});
export type IdentitiesSpec = z.infer<typeof IdentitiesSpec>;

export const LayoutSpec = z.strictObject({
  /** Free text for humans (JSON files have no comments; `export` writes its note here). */
  $comment: z.string().optional(),
  vault: VaultSpec,
  /** Category folder name → tag; merged over DEFAULT_CATEGORY_TAGS; null drops a default. */
  categoryTags: z.record(z.string(), z.string().nullable()).optional(),
  /** Vault-level grants (inherited by every folder unless a folder overrides them). */
  access: z.array(AccessSpec).optional(),
  tags: z.array(z.string()).optional(),
  identities: IdentitiesSpec.optional(),
  environments: z.record(z.string(), EnvironmentSpec).optional(),
  folders: z.record(z.string(), FolderSpec).optional(),
  /** Records at the vault root. */
  records: z.array(RecordSpec).optional(),
  /** Every record's `secretsInState` (default: the provider setting `passwork:secretsInState`). */
  secretsInState: SecretsInStateSpec.optional(),
});
export type LayoutSpec = z.infer<typeof LayoutSpec>;
/** What users write (a category may be a bare list of records). */
export type LayoutSpecInput = z.input<typeof LayoutSpec>;
