/**
 * passwork:RecordTag — one tag on a record this stack does not own (like aws.ec2.Tag).
 *
 * create: GET /api/v1/items/{recordId}, then PATCH it with the tag added
 * read:   GET /api/v1/items/{recordId}    (tag or record missing → gone; 403 → error)
 * update: none: every input forces replacement
 * delete: GET, then PATCH with the tag removed (record already gone = success)
 * Replacement: `recordId`, `tag`. Id: "<recordId>/<tag>".
 *
 * Tags are a read-modify-write of the record's whole list, so changes to one record are serialized
 * within the provider process (several RecordTags on one record run concurrently in one `up`).
 */
import { z } from "zod";
import { items, type PassworkClient } from "../client";
import { providerContext, validationSettings } from "../config";
import { checkInputs } from "./check";
import { diffKeys, isUnknown, plain } from "./common";
import { objectIdInput } from "./input-schemas";
import { isNotFound } from "./outcome";
import { resourceProvider, type CheckResult } from "./skeleton";
import { vocabularyProblem } from "./tags";

export const RecordTagInputsSchema = z.strictObject({
  recordId: objectIdInput("record"),
  tag: z
    .string({ error: "must be a string (the tag)" })
    .refine((t) => t.trim() !== "", "must not be empty; give the tag text")
    .refine((t) => t.trim().length <= 64, "must be at most 64 characters")
    .refine(
      (t) => !/[\u0000-\u001f\u007f]/.test(t),
      "contains a control character; tags must be printable text",
    ),
});
export interface RecordTagInputs {
  recordId: string;
  tag: string;
}

export function recordTagId(recordId: string, tag: string): string {
  return `${recordId}/${tag}`;
}

export function checkRecordTag(
  news: Record<string, unknown>,
  allowedTags: string[] | undefined,
): CheckResult {
  const { raw, failures } = checkInputs(RecordTagInputsSchema, news);
  const tag = typeof raw.tag === "string" && !isUnknown(raw.tag) ? raw.tag.trim() : raw.tag;
  if (typeof tag === "string" && tag !== "" && !isUnknown(tag)) {
    const problem = vocabularyProblem(tag, allowedTags);
    if (problem) failures.push({ property: "tag", reason: problem });
  }
  return {
    inputs: plain({ recordId: typeof raw.recordId === "string" ? raw.recordId.trim() : raw.recordId, tag }),
    failures,
  };
}

const locks = new Map<string, Promise<unknown>>();
/** Runs `fn` after every earlier call for the same record has finished. */
function serialized<T>(recordId: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(recordId) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  const settled = next.catch(() => undefined);
  locks.set(recordId, settled);
  void settled.then(() => {
    if (locks.get(recordId) === settled) locks.delete(recordId);
  });
  return next;
}

async function setTag(c: PassworkClient, recordId: string, tag: string, present: boolean): Promise<void> {
  await serialized(recordId, async () => {
    const record = await items.get(c, recordId);
    const has = record.tags.includes(tag);
    if (has === present) return;
    const tags = present ? [...record.tags, tag] : record.tags.filter((t) => t !== tag);
    await items.update(c, recordId, { vaultId: record.vaultId, tags: [...new Set(tags)].sort() });
  });
}

/** The outputs repeat the inputs: the id says it all. */
export const provider = resourceProvider<RecordTagInputs, RecordTagInputs>({
  async check(_olds, news) {
    return checkRecordTag(news, validationSettings().allowedTags);
  },

  async diff(_id, olds, news) {
    const { changed, replaces } = diffKeys(olds, news, ["recordId", "tag"], ["recordId", "tag"]);
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const { client } = providerContext();
    await setTag(client, inputs.recordId, inputs.tag, true);
    return {
      id: recordTagId(inputs.recordId, inputs.tag),
      outs: { recordId: inputs.recordId, tag: inputs.tag },
    };
  },

  async read(id, state) {
    const { client } = providerContext();
    try {
      const record = await items.get(client, state.recordId);
      if (!record.tags.includes(state.tag)) return {};
      const outs = { recordId: state.recordId, tag: state.tag };
      return { id, props: outs, inputs: outs };
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
  },

  async delete(_id, state) {
    const { client } = providerContext();
    try {
      await setTag(client, state.recordId, state.tag, false);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  },
});
