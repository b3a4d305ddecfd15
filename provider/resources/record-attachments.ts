/**
 * Record `attachments` — files kept beside the password — and the small hooks record.ts calls.
 *
 * Input (after the sdk): `{ [fileName]: string (UTF-8 text) | { base64 } }`, canonical `{ base64 }`;
 * `exclusiveAttachments: true` also removes server files the program does not declare.
 * Outputs: `attachments` = file name → Passwork's content hash (never the content), `attachmentIds` =
 * file name → server attachment id, `otherAttachments` = names of files on the record this stack does
 * not manage (hand-attached; left alone unless exclusive).
 *
 * Diff is by hash, offline: an unchanged map sends nothing. A write is one PATCH of the record's
 * attachment list (GET before, for the list and the item key, and after, for the new ids).
 */
import { attachments as files, type PassworkClient } from "../client";
import { ATTACHMENT_MAX_BYTES } from "../../protocol/sharing";
import type { CheckFailure } from "./check";
import { describe, isUnknown, plain } from "./common";
import { PartialCreateError } from "./outcome";

export const ATTACHMENT_KEYS = ["attachments", "exclusiveAttachments"] as const;
const OUTPUT_KEYS = ["attachmentIds", "otherAttachments"] as const;

export interface AttachmentInputs {
  attachments?: Record<string, { base64: string }>;
  exclusiveAttachments?: boolean;
}
export interface AttachmentOutputs {
  attachments?: Record<string, string>;
  attachmentIds?: Record<string, string>;
  otherAttachments?: string[];
  exclusiveAttachments?: boolean;
}

/** The attachment members of check's record inputs (RecordInputs leaves them to this module). */
export function declared(inputs: object): AttachmentInputs {
  const files: unknown = Reflect.get(inputs, "attachments");
  const exclusive: unknown = Reflect.get(inputs, "exclusiveAttachments");
  return plain({
    attachments:
      files && typeof files === "object" ? (files as Record<string, { base64: string }>) : undefined,
    exclusiveAttachments: exclusive === true ? true : undefined,
  });
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * check: takes the attachment keys out of `news` (the rest goes to checkRecord unchanged) and returns
 * their canonical form and problems, per file (`attachments.<name>`).
 */
export function checkAttachments(news: Record<string, unknown>): {
  rest: Record<string, unknown>;
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
} {
  const { attachments: raw, exclusiveAttachments: exclusive, ...rest } = news;
  for (const k of OUTPUT_KEYS) delete rest[k];
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  if (exclusive !== undefined && typeof exclusive !== "boolean" && !isUnknown(exclusive))
    fail("exclusiveAttachments", "must be true or false (remove server files the program does not declare)");
  let canonical: unknown = undefined;
  if (isUnknown(raw)) canonical = raw;
  else if (raw !== undefined && raw !== null) {
    if (typeof raw !== "object" || Array.isArray(raw)) {
      fail(
        "attachments",
        'must be an object { "file name": content } (text, a FileAsset/StringAsset, or { base64 })',
      );
    } else {
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
        const prop = `attachments.${name}`;
        const problem = fileNameProblem(name);
        if (problem) fail(prop, problem);
        if (isUnknown(value)) {
          out[name] = value;
          continue;
        }
        let base64: string | undefined;
        if (typeof value === "string") base64 = Buffer.from(value, "utf8").toString("base64");
        else if (
          value &&
          typeof value === "object" &&
          typeof (value as { base64?: unknown }).base64 === "string"
        ) {
          base64 = (value as { base64: string }).base64.replace(/\s+/g, "");
          if (!BASE64.test(base64) || base64.length % 4 !== 0) {
            fail(
              prop,
              "has { base64 } that is not valid base64; give the file's bytes base64-encoded, or the text itself",
            );
            continue;
          }
        } else {
          fail(
            prop,
            'must be the file\'s content: a string (text), a pulumi.asset.FileAsset/StringAsset, or { base64: "..." } (bytes)',
          );
          continue;
        }
        const size = Buffer.byteLength(base64, "base64");
        if (size > ATTACHMENT_MAX_BYTES)
          fail(
            prop,
            `is ${size} bytes (${megabytes(size)}); Passwork takes at most ${ATTACHMENT_MAX_BYTES} bytes (5 MB) per attached file (its client's limit). Keep the file elsewhere and store a reference, or split it`,
          );
        out[name] = { base64 };
      }
      canonical = out;
    }
  }
  return {
    rest,
    inputs: plain({
      attachments: canonical,
      exclusiveAttachments: exclusive === true ? true : isUnknown(exclusive) ? exclusive : undefined,
    }),
    failures,
  };
}

/**
 * Under `secretsInState: "none"` no secret value may enter the state, and a file's content is one (the
 * engine keeps inputs): attachments need the record in the default `encrypted` mode.
 */
export function noneModeFailures(inputs: Record<string, unknown>, mode: unknown): CheckFailure[] {
  if (mode !== "none" || inputs.attachments === undefined) return [];
  return [
    {
      property: "attachments",
      reason:
        'cannot be used with secretsInState "none": the file content would be stored in the state. Give this record secretsInState: "encrypted" (content stored encrypted), or attach the files outside Pulumi',
    },
  ];
}

function fileNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "has an empty file name; give the file a name such as kubeconfig.yaml";
  if (name !== name.trim()) return "has a file name with leading or trailing spaces; remove them";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "has a control character in its file name";
  if (/[/\\]/.test(name)) return 'has "/" or "\\" in its file name; give a plain file name (no directories)';
  if (name === "." || name === "..") return "is not a file name";
  if (name.length > 255) return `has a ${name.length}-character file name; the maximum is 255`;
  return undefined;
}

const hashOf = (f: { base64: string }) => files.attachmentHash(Buffer.from(f.base64, "base64"));

/** diff: true when the declared files differ from the last written ones (by hash), or exclusive has work. */
export function attachmentsChanged(
  olds: AttachmentOutputs,
  news: Record<string, unknown>,
  record: string,
): boolean {
  const declared = news.attachments;
  if (isUnknown(declared)) return true;
  const exclusive = news.exclusiveAttachments === true;
  if (exclusive !== (olds.exclusiveAttachments === true)) return true;
  const wanted = (declared ?? {}) as Record<string, { base64: string } | string>;
  const had = olds.attachments ?? {};
  const names = new Set([...Object.keys(wanted), ...Object.keys(had)]);
  for (const name of names) {
    const w = wanted[name];
    if (w === undefined || had[name] === undefined || isUnknown(w) || typeof w !== "object") return true;
    if (hashOf(w) !== had[name]) return true;
  }
  if (exclusive && olds.otherAttachments?.length) {
    console.warn(
      `record "${record}": exclusiveAttachments removes ${olds.otherAttachments.length} file(s) this stack does not declare: ${olds.otherAttachments.join(", ")}`,
    );
    return true;
  }
  return false;
}

/** Write the declared files (only what changed) and return the attachment outputs. `prior`: the last outputs. */
export async function syncAttachments(
  c: PassworkClient,
  recordId: string,
  vaultId: string,
  inputs: AttachmentInputs,
  prior: AttachmentOutputs | undefined,
): Promise<AttachmentOutputs> {
  const declared = inputs.attachments;
  const exclusive = inputs.exclusiveAttachments === true;
  if (declared === undefined && !prior?.attachmentIds && !exclusive) return {};
  const wanted = Object.entries(declared ?? {}).map(([name, f]) => ({
    name,
    bytes: Buffer.from(f.base64, "base64"),
    hash: hashOf(f),
  }));
  const hadHash = prior?.attachments ?? {};
  const hadId = prior?.attachmentIds ?? {};
  const upload = wanted.filter((w) => hadHash[w.name] !== w.hash || !hadId[w.name]);
  const stay = new Set(wanted.filter((w) => !upload.includes(w)).map((w) => hadId[w.name]!));
  const drop = new Set(Object.values(hadId).filter((id) => !stay.has(id)));
  const others = prior?.otherAttachments ?? [];
  const result = (ids: Record<string, string>, otherNames: string[]): AttachmentOutputs =>
    plain({
      attachments: Object.fromEntries(wanted.map((w) => [w.name, w.hash])),
      attachmentIds: ids,
      otherAttachments: otherNames.length ? otherNames.sort() : undefined,
      exclusiveAttachments: exclusive ? true : undefined,
    });
  if (upload.length === 0 && drop.size === 0 && !(exclusive && others.length))
    return result({ ...pick(hadId, wanted) }, others);

  const { item, itemKey } = await files.itemWithKey(c, recordId);
  const server = item.attachments ?? [];
  const keep = server.filter((a) => stay.has(a.id) || (!exclusive && !drop.has(a.id))).map((a) => a.id);
  const uploads = upload.map((w) => files.encodeAttachment(w.name, w.bytes, itemKey));
  await files.replaceAttachments(c, { id: recordId, vaultId }, keep, uploads, server.length > 0);

  const after = (await files.itemWithKey(c, recordId)).item.attachments ?? [];
  const ids: Record<string, string> = pick(
    hadId,
    wanted.filter((w) => !upload.includes(w)),
  );
  const kept = new Set(keep);
  for (const w of upload) {
    const made = after.find(
      (a) => a.name === w.name && !kept.has(a.id) && !Object.values(ids).includes(a.id),
    );
    if (made) ids[w.name] = made.id;
  }
  const mine = new Set(Object.values(ids));
  return result(
    ids,
    after.filter((a) => !mine.has(a.id)).map((a) => a.name),
  );
}

function pick(ids: Record<string, string>, wanted: readonly { name: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of wanted) if (ids[w.name]) out[w.name] = ids[w.name]!;
  return out;
}

/** create: attach the declared files to the new record; a failure still records the record (next up retries). */
export async function attachOnCreate<O extends object>(
  c: PassworkClient,
  id: string,
  vaultId: string,
  inputs: AttachmentInputs,
  outs: O,
): Promise<O & AttachmentOutputs> {
  if (inputs.attachments === undefined) return outs;
  try {
    return { ...outs, ...(await syncAttachments(c, id, vaultId, inputs, undefined)) };
  } catch (err) {
    throw new PartialCreateError(
      `record ${id} was created but attaching its files failed: ${describe(err)}`,
      id,
      outs,
    );
  }
}

/** read: the files as the server lists them (no download): a declared file whose attachment is gone drops out. */
export function readAttachments(
  server: readonly { id: string; name: string }[] | undefined,
  old: AttachmentOutputs,
): AttachmentOutputs {
  if (old.attachmentIds === undefined && old.exclusiveAttachments !== true) return {};
  const present = new Map((server ?? []).map((a) => [a.id, a.name]));
  const ids: Record<string, string> = {};
  const hashes: Record<string, string> = {};
  for (const [name, id] of Object.entries(old.attachmentIds ?? {})) {
    if (present.get(id) !== name || old.attachments?.[name] === undefined) continue;
    ids[name] = id;
    hashes[name] = old.attachments[name]!;
  }
  const mine = new Set(Object.values(ids));
  const others = (server ?? [])
    .filter((a) => !mine.has(a.id))
    .map((a) => a.name)
    .sort();
  return plain({
    attachments: hashes,
    attachmentIds: ids,
    otherAttachments: others.length ? others : undefined,
    exclusiveAttachments: old.exclusiveAttachments,
  });
}
