/**
 * Record inputs: the zod schema, the cross-field rules zod cannot express, and the canonical form
 * (`check`'s output). Pure: no client, no randomness (passwords are generated in create/update).
 */
import { z } from "zod";
import { CUSTOM_FIELD_TYPES } from "../../protocol/items";
import { sanitizeEnvName } from "../env-vars";
import { checkInputs } from "./check";
import { cleanString, containsUnknown, isUnknown, plain } from "./common";
import { displayName, flag, objectIdInput, optionalText } from "./input-schemas";
import { DEFAULT_GENERATOR, MAX_LENGTH, MIN_LENGTH, type GeneratorSpec } from "./password-generator";
import type { CheckResult } from "./skeleton";
import { canonicalTags, vocabularyProblem } from "./tags";
import { isKeep, refProblem, ValueRefSchema, type ValueRef } from "./value-from";

export type FieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export const MAX_SECRET_LENGTH = 65536;

const GeneratorSchema = z.strictObject({
  length: z
    .number({ error: `must be a number of characters (${MIN_LENGTH}..${MAX_LENGTH})` })
    .int("must be a whole number of characters")
    .min(MIN_LENGTH, `must be at least ${MIN_LENGTH} characters`)
    .max(MAX_LENGTH, `must be at most ${MAX_LENGTH} characters`)
    .optional(),
  lowercase: flag("use a-z"),
  uppercase: flag("use A-Z"),
  digits: flag("use 0-9"),
  symbols: flag("use symbols"),
});

const CustomFieldSchema = z.strictObject({
  value: z
    .string({ error: "must be a string (the field's value)" })
    .max(MAX_SECRET_LENGTH, `must be at most ${MAX_SECRET_LENGTH} characters`)
    .optional(),
  /** The value by reference, resolved in the provider process (value-from.ts). */
  valueFrom: ValueRefSchema.optional(),
  type: z.enum(CUSTOM_FIELD_TYPES, { error: `must be one of ${CUSTOM_FIELD_TYPES.join(", ")}` }).optional(),
});

export const RecordInputsSchema = z.strictObject({
  name: displayName("record"),
  vaultId: objectIdInput("vault"),
  folderId: objectIdInput("folder").optional(),
  login: optionalText("login", 4096),
  url: optionalText("url", 4096),
  description: optionalText("description", 65536),
  color: z
    .number({ error: "must be a colour code number (0-32)" })
    .int("must be a whole number")
    .min(0, "must be 0-32")
    .max(32, "must be 0-32")
    .optional(),
  tags: z
    .array(
      z
        .string({ error: "must be a string" })
        .max(64, "must be at most 64 characters")
        .refine(
          (t) => !/[\u0000-\u001f\u007f]/.test(t),
          "contains a control character; tags must be printable text",
        ),
      { error: "must be a list of strings" },
    )
    .max(100, "may hold at most 100 tags")
    .optional(),
  password: z
    .string({ error: "must be a string (the password)" })
    .max(MAX_SECRET_LENGTH, `must be at most ${MAX_SECRET_LENGTH} characters`)
    .optional(),
  generatePassword: GeneratorSchema.optional(),
  rotation: z
    .string({ error: "must be a string; change it to make the provider generate a new password" })
    .max(1024, "must be at most 1024 characters")
    .optional(),
  passwordMode: z
    .enum(["managed", "seed"], {
      error:
        'must be "managed" (the program owns the password) or "seed" (written once, then owned by people)',
    })
    .optional(),
  customFields: z
    .record(z.string(), CustomFieldSchema, { error: "must be an object { NAME: { value, type } }" })
    .optional(),
  adopt: flag("take over an existing record with the same name in the same folder instead of creating one"),
  /** Per-record override of `passwork:secretsInState`. */
  secretsInState: z
    .enum(["encrypted", "none"], {
      error:
        'must be "encrypted" (secret values stored encrypted in the state) or "none" (only fingerprints; docs/secrets-in-state.md)',
    })
    .optional(),
  /** The password by reference (env or file), resolved in the provider process. */
  passwordFrom: ValueRefSchema.optional(),
});

/** A custom field: exactly one of `value` (given inline) and `valueFrom` (a reference). */
export interface CustomField {
  value?: string;
  valueFrom?: ValueRef;
  type: FieldType;
}

/** The canonical inputs `check` returns and outputs repeat. */
export interface RecordInputs {
  name: string;
  vaultId: string;
  folderId?: string;
  login?: string;
  url?: string;
  description?: string;
  color?: number;
  tags: string[];
  password?: string;
  generatePassword?: GeneratorSpec;
  rotation?: string;
  passwordMode: "managed" | "seed";
  customFields: Record<string, CustomField>;
  adopt?: boolean;
  /** Present only when "none": absent means encrypted, so stacks made before it see no change. */
  secretsInState?: "none";
  passwordFrom?: { env: string } | { file: string };
}

export interface CheckContext {
  allowedTags?: string[] | undefined;
  fieldNamePolicy: "warn" | "fail";
  /** Receives warnings (the provider prints them; the engine shows provider output to the user). */
  warn: (message: string) => void;
  /** `passwork:secretsInState`; a record's own `secretsInState` overrides it. Default encrypted. */
  secretsInState?: "encrypted" | "none";
}

/** Field types whose values are secrets: in `none` mode they are given by valueFrom only. */
export const SECRET_FIELD_TYPES: readonly FieldType[] = ["password", "totp"];

/** Base32 TOTP seed: A-Z and 2-7 (spaces ignored, case-insensitive, optional = padding), at least 16 characters (80 bits). */
export function totpProblem(value: string): string | undefined {
  const seed = value.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z2-7]+=*$/.test(seed))
    return "is not a base32 TOTP seed (letters A-Z and digits 2-7 only); paste the secret key of the authenticator setup, not a 6-digit code or an otpauth:// URL";
  if (seed.replace(/=+$/, "").length < 16)
    return "is too short for a TOTP seed (at least 16 base32 characters, 80 bits)";
  return undefined;
}

export function checkRecord(news: Record<string, unknown>, ctx: CheckContext): CheckResult {
  const { raw, failures } = checkInputs(RecordInputsSchema, news, {
    blankIsAbsent: ["folderId", "login", "url", "description", "password", "rotation"],
  });
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  // The record's own setting wins over the provider's; an unknown one is judged once known.
  const own =
    raw.secretsInState === "none" || raw.secretsInState === "encrypted" ? raw.secretsInState : undefined;
  const none = (own ?? ctx.secretsInState ?? "encrypted") === "none";

  const passwordFrom = raw.passwordFrom as ValueRef | undefined;
  if (raw.password !== undefined && passwordFrom !== undefined)
    fail("passwordFrom", "is given while password is also set; keep one of them");
  if (passwordFrom !== undefined && raw.generatePassword !== undefined)
    fail(
      "passwordFrom",
      "is given while generatePassword is also set; keep one: passwordFrom (you supply it) or generatePassword (the provider makes one)",
    );
  if (isKeep(passwordFrom))
    fail("passwordFrom", 'cannot be { keep: true }; to keep a password people own, use passwordMode: "seed"');
  else if (passwordFrom && typeof passwordFrom === "object" && !containsUnknown(passwordFrom)) {
    const problem = refProblem(passwordFrom);
    if (problem) fail("passwordFrom", problem);
  }
  if (none && raw.password !== undefined && !isUnknown(raw.password))
    fail(
      "password",
      'is given as a value, but secretsInState is "none" (no secret value may be an input stored in the state); give passwordFrom: { env: "NAME" } or { file: "./path" } instead, or generatePassword',
    );

  const hasPassword = raw.password !== undefined || passwordFrom !== undefined;
  const generator = raw.generatePassword;
  if (raw.password !== undefined && generator !== undefined) {
    fail(
      "password",
      "is given while generatePassword is also set; keep one: password (you supply it) or generatePassword (the provider makes one)",
    );
  }
  if (generator && typeof generator === "object" && !containsUnknown(generator)) {
    const g = generator as Record<string, unknown>;
    if (["lowercase", "uppercase", "digits", "symbols"].every((k) => g[k] === false)) {
      fail(
        "generatePassword",
        "disables every character class; enable at least one of lowercase, uppercase, digits, symbols",
      );
    }
  }
  if (raw.rotation !== undefined && generator === undefined) {
    fail("rotation", "only has an effect with generatePassword; add generatePassword or remove rotation");
  }
  if (raw.passwordMode === "seed" && !hasPassword && generator === undefined) {
    fail(
      "passwordMode",
      'is "seed" but there is nothing to seed; give password, passwordFrom or generatePassword',
    );
  }

  const tags = Array.isArray(raw.tags)
    ? (raw.tags as unknown[]).filter((t): t is string => typeof t === "string")
    : [];
  if (Array.isArray(raw.tags)) {
    for (const tag of canonicalTags(tags)) {
      if (isUnknown(tag)) continue;
      const problem = vocabularyProblem(tag, ctx.allowedTags);
      if (problem) fail("tags", problem);
    }
  }

  const customFields: Record<string, CustomField | string> = {};
  if (raw.customFields && typeof raw.customFields === "object" && !isUnknown(raw.customFields)) {
    const seen = new Map<string, string>();
    for (const [rawName, field] of Object.entries(raw.customFields as Record<string, unknown>)) {
      const name = rawName.trim();
      const prop = `customFields.${rawName}`;
      if (name === "") {
        fail(prop, "has an empty name; give the field a name such as DB_PASSWORD");
        continue;
      }
      if (/[\u0000-\u001f\u007f]/.test(name))
        fail(prop, "has a control character in its name; use printable text");
      if (name.length > 255) fail(prop, `has a ${name.length}-character name; the maximum is 255`);
      const lower = name.toLowerCase();
      const clash = seen.get(lower);
      if (clash !== undefined)
        fail(
          prop,
          `has the same name as "${clash}" except for case; Passwork and passwork-cli treat them as one, so rename one of them`,
        );
      seen.set(lower, name);
      const envName = sanitizeEnvName(name);
      if (envName !== name) {
        const message = `name "${name}" is not a valid environment variable name; passwork-cli exec would export it as ${envName}`;
        if (ctx.fieldNamePolicy === "fail")
          fail(prop, `${message}; rename the field to ${envName} (passwork:fieldNamePolicy is "fail")`);
        else
          ctx.warn(
            `warning: customFields.${name}: ${message}. Rename it, or set passwork:fieldNamePolicy to "fail" to make this an error.`,
          );
      }
      if (isUnknown(field)) {
        customFields[name] = field as string;
        continue;
      }
      if (!field || typeof field !== "object") continue; // reported by zod
      const f = field as Record<string, unknown>;
      const type = (typeof f.type === "string" ? f.type : "text") as FieldType;
      if (f.valueFrom !== undefined) {
        if (f.value !== undefined)
          fail(prop, "has both value and valueFrom; keep one (valueFrom keeps the value out of the state)");
        const ref = f.valueFrom as ValueRef;
        if (ref && typeof ref === "object" && !containsUnknown(ref)) {
          const problem = refProblem(ref);
          if (problem) fail(`${prop}.valueFrom`, problem);
        }
        customFields[name] = { type, valueFrom: ref };
        continue;
      }
      const value = typeof f.value === "string" ? f.value : "";
      if (none && SECRET_FIELD_TYPES.includes(type) && f.value !== undefined && !isUnknown(f.value)) {
        fail(
          `${prop}.value`,
          `is a ${type} value given inline, but secretsInState is "none" (no secret value may be an input stored in the state); give valueFrom: { env: "NAME" } or { file: "./path" } instead`,
        );
      }
      if (type === "totp" && typeof f.value === "string" && !isUnknown(f.value)) {
        const problem = totpProblem(f.value);
        if (problem) fail(`${prop}.value`, problem);
      }
      customFields[name] = {
        type,
        value: type === "totp" && !isUnknown(value) ? value.replace(/\s+/g, "").toUpperCase() : value,
      };
    }
  }

  const inputs = plain({
    name: cleanString(raw.name) ?? raw.name,
    vaultId: cleanString(raw.vaultId) ?? raw.vaultId,
    folderId: cleanString(raw.folderId),
    login: cleanString(raw.login),
    url: cleanString(raw.url),
    description: cleanString(raw.description),
    color:
      typeof raw.color === "number" && raw.color !== 0
        ? raw.color
        : isUnknown(raw.color)
          ? raw.color
          : undefined,
    tags: isUnknown(raw.tags) ? raw.tags : canonicalTags(tags),
    password: hasPassword ? raw.password : undefined,
    generatePassword:
      generator === undefined
        ? undefined
        : isUnknown(generator)
          ? generator
          : { ...DEFAULT_GENERATOR, ...plain((generator ?? {}) as Record<string, unknown>) },
    rotation: cleanString(raw.rotation),
    passwordMode: raw.passwordMode ?? "managed",
    customFields: isUnknown(raw.customFields) ? raw.customFields : customFields,
    adopt: raw.adopt === true ? true : undefined,
    secretsInState: none ? "none" : undefined,
    passwordFrom: passwordFrom,
  });
  return { inputs, failures };
}
