/**
 * zod building blocks for resource inputs. Messages are written for the person editing the
 * program: they say what is wrong and what to write instead. Values are never echoed (some are secrets).
 */
import { z } from "zod";
import { OBJECT_ID_PATTERN } from "../../protocol/common";
import { controlCharacterIn } from "./common";

/** A display name: a string, not blank after trimming, no control characters, at most `max` characters. */
export function displayName(what: string, max = 255) {
  return z.string({ error: `must be a string (the ${what})` }).superRefine((value, ctx) => {
    const trimmed = value.trim();
    if (trimmed === "")
      ctx.addIssue({ code: "custom", message: `must not be empty; give the ${what} a name` });
    const control = controlCharacterIn(value);
    if (control)
      ctx.addIssue({
        code: "custom",
        message: `contains the control character ${control}; names must be printable text`,
      });
    if (trimmed.length > max)
      ctx.addIssue({
        code: "custom",
        message: `is ${trimmed.length} characters long; the maximum is ${max}`,
      });
  });
}

/**
 * A Passwork object id (24 hex characters), e.g. the `id` output of another resource. `source` says
 * where such an id comes from, in both messages.
 */
export function objectIdInput(what: string, source = "the id output of a passwork resource") {
  return z
    .string({ error: `must be a string: the id of the ${what} (e.g. ${source})` })
    .regex(OBJECT_ID_PATTERN, `must be a Passwork ${what} id (24 lowercase hex characters), e.g. ${source}`);
}

/** Optional free text of bounded length; control characters other than tab/newline are rejected. */
export function optionalText(what: string, max: number) {
  return z
    .string({ error: `must be a string (the ${what})` })
    .superRefine((value, ctx) => {
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
        ctx.addIssue({
          code: "custom",
          message: `contains a control character; the ${what} must be printable text`,
        });
      }
      if (value.length > max)
        ctx.addIssue({
          code: "custom",
          message: `is ${value.length} characters long; the maximum is ${max}`,
        });
    })
    .optional();
}

export const flag = (what: string) => z.boolean({ error: `must be true or false (${what})` }).optional();
