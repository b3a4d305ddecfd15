/**
 * passwork:Shortcut — a record shown in another vault or folder (the same record, not a copy).
 *
 * create: GET /api/v1/items/{recordId} (its item key under CSE), GET /api/v1/shortcuts/search of the
 *         target place (to tell a lost POST's shortcut from older ones), POST /api/v1/shortcuts
 * read:   GET /api/v1/shortcuts/{id}      (shortcut or its record gone → gone; 403 → error)
 * update: none: Passwork has no edit or move for a shortcut, so every input forces a replacement
 * delete: DELETE /api/v1/shortcuts/{id}   (to the bin; already gone = success; the record stays)
 * Replacement: `recordId`, `vaultId`, `folderId` (the new shortcut is made before the old one goes).
 * Id: the shortcut's 24-hex ObjectId (not the record's).
 *
 * Under client-side encryption the record's item key is wrapped with the target vault's key
 * (`keyEncrypted`), as the official client does, so readers of the target folder can open the record.
 */
import { z } from "zod";
import { shortcuts } from "../client";
import { providerContext } from "../config";
import { checkInputs } from "./check";
import { cleanString, diffKeys, plain } from "./common";
import { objectIdInput } from "./input-schemas";
import { createOnce, isNotFound } from "./outcome";
import { resourceProvider, type CheckResult } from "./skeleton";

export const ShortcutInputsSchema = z.strictObject({
  recordId: objectIdInput("record", "a Record's id output or getRecord(...).recordId"),
  vaultId: objectIdInput("vault the shortcut is shown in"),
  folderId: objectIdInput("folder the shortcut is shown in").optional(),
});
export type ShortcutInputs = z.infer<typeof ShortcutInputsSchema>;

export interface ShortcutOutputs extends ShortcutInputs {
  shortcutId: string;
  /** The record's name (what the shortcut shows). */
  name: string;
}

const KEYS = ["recordId", "vaultId", "folderId"] as const;

export function checkShortcut(news: Record<string, unknown>): CheckResult {
  // An empty folderId means "at the vault root".
  const { raw, failures } = checkInputs(ShortcutInputsSchema, news, {
    outputs: ["shortcutId", "name"],
    blankIsAbsent: ["folderId"],
  });
  const inputs = plain({
    recordId: cleanString(raw.recordId) ?? raw.recordId,
    vaultId: cleanString(raw.vaultId) ?? raw.vaultId,
    folderId: cleanString(raw.folderId),
  });
  return { inputs, failures };
}

function outputs(id: string, at: ShortcutInputs, name: string): ShortcutOutputs {
  return plain({ shortcutId: id, name, recordId: at.recordId, vaultId: at.vaultId, folderId: at.folderId });
}

export const provider = resourceProvider<ShortcutInputs, ShortcutOutputs>({
  async check(_olds, news) {
    return checkShortcut(news);
  },

  async diff(_id, olds, news) {
    const { changed, replaces } = diffKeys(olds, news, KEYS, KEYS);
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const { client } = providerContext();
    const at = { recordId: inputs.recordId, vaultId: inputs.vaultId, folderId: inputs.folderId ?? null };
    const before = new Set(
      (await shortcuts.inPlace(client, at.vaultId, at.folderId)).map((s) => s.shortcut.id),
    );
    let name = "";
    const id = await createOnce(
      async () => {
        const made = await shortcuts.create(client, at);
        name = made.name;
        return made.id;
      },
      async () => {
        const now = await shortcuts.inPlace(client, at.vaultId, at.folderId);
        const lost = now.find((s) => s.shortcut.itemId === at.recordId && !before.has(s.shortcut.id));
        if (lost) name = lost.name;
        return lost?.shortcut.id;
      },
    );
    return { id, outs: outputs(id, inputs, name) };
  },

  async read(id) {
    const { client } = providerContext();
    try {
      const sc = await shortcuts.get(client, id);
      const at = plain({
        recordId: sc.shortcut.itemId,
        vaultId: sc.shortcut.vaultId,
        folderId: sc.shortcut.folderId ?? undefined,
      });
      const outs = outputs(id, at, sc.name);
      return { id, props: outs, inputs: plain({ ...at }) };
    } catch (err) {
      // The shortcut or the record behind it is gone (or in the bin): the shortcut is gone.
      if (isNotFound(err)) return {};
      throw err;
    }
  },

  async delete(id) {
    const { client } = providerContext();
    try {
      await shortcuts.remove(client, id);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  },
});
