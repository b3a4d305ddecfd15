/**
 * passwork:Folder — a folder in a vault, optionally under a parent folder.
 *
 * create: POST /api/v1/folders (adopt: GET /api/v1/folders?vaultId=, same name and parent)
 * read:   GET /api/v1/folders/{id}                       (404 → gone; 403 → error)
 * update: POST /api/v1/folders/{id} (rename), POST /api/v1/folders/{id}/move (parent change)
 * delete: DELETE /api/v1/folders/{id}                    (to the bin; refuses when content is left unless forceDestroy)
 * Replacement: `vaultId` (folders move only within a vault). Id: 24-hex ObjectId.
 */
import { z } from "zod";
import { folders, type PassworkClient } from "../client";
import { providerContext } from "../config";
import { checkInputs } from "./check";
import { cleanString, describe, diffKeys, isUnknown, plain } from "./common";
import { describeContents, folderContents, isEmpty } from "./directory-contents";
import { displayName, flag, objectIdInput } from "./input-schemas";
import { parentFailures } from "./folder-parent";
import { createOnce, isNotFound, PartialCreateError } from "./outcome";
import { resourceProvider, type CheckResult } from "./skeleton";

export const FolderInputsSchema = z.strictObject({
  name: displayName("folder"),
  vaultId: objectIdInput("vault"),
  parentFolderId: objectIdInput("parent folder").optional(),
  forceDestroy: flag("delete the folder even when it holds content this stack does not manage"),
  adopt: flag("take over an existing folder with the same name and parent instead of creating one"),
});
export type FolderInputs = z.infer<typeof FolderInputsSchema>;

/** Stored outputs: no member that is the resource id (the sdk's `folderId` output is `id`). */
export interface FolderOutputs extends FolderInputs {
  /** Folder names from the vault root down to this folder, joined with "/". */
  path: string;
}

export function checkFolder(news: Record<string, unknown>): CheckResult {
  // An empty parentFolderId means "at the vault root".
  const { raw, failures } = checkInputs(FolderInputsSchema, news, { blankIsAbsent: ["parentFolderId"] });
  const inputs = plain({
    name: cleanString(raw.name) ?? raw.name,
    vaultId: cleanString(raw.vaultId) ?? raw.vaultId,
    parentFolderId: cleanString(raw.parentFolderId),
    forceDestroy: raw.forceDestroy === true ? true : undefined,
    adopt: raw.adopt === true ? true : undefined,
  });
  return { inputs, failures };
}

/** The input members of earlier outputs (never null, never the unknown sentinel). */
function pickInputs(o: FolderOutputs): FolderInputs {
  const known = <T>(v: T | null): T | undefined => (v === null || isUnknown(v) ? undefined : v);
  return plain({
    name: o.name,
    vaultId: o.vaultId,
    parentFolderId: known(o.parentFolderId),
    forceDestroy: known(o.forceDestroy),
    adopt: known(o.adopt),
  });
}

async function outputsFromServer(
  c: PassworkClient,
  id: string,
  flags: Pick<FolderInputs, "forceDestroy" | "adopt">,
  get = folders.get,
): Promise<FolderOutputs> {
  const f = await get(c, id);
  const ancestors = (f.path ?? []).filter((p) => p.folderId !== null).map((p) => p.name);
  folders.rememberPath(c, f.id, [...ancestors, f.name].join("/"));
  return plain({
    name: f.name,
    vaultId: f.vaultId,
    parentFolderId: f.parentFolderId ?? undefined,
    path: [...ancestors, f.name].join("/"),
    forceDestroy: flags.forceDestroy,
    adopt: flags.adopt,
  });
}

async function findSibling(c: PassworkClient, inputs: FolderInputs) {
  const parent = inputs.parentFolderId ?? null;
  const matches = (await folders.list(c, inputs.vaultId)).filter(
    (f) => f.name === inputs.name && (f.parentFolderId ?? null) === parent,
  );
  if (matches.length > 1) {
    throw new Error(
      `${matches.length} folders named "${inputs.name}" exist under the same parent; adopt needs exactly one. Rename the extra ones or remove adopt.`,
    );
  }
  return matches[0];
}

export const provider = resourceProvider<FolderInputs, FolderOutputs>({
  async check(_olds, news) {
    const checked = checkFolder(news);
    const { vaultId, parentFolderId } = checked.inputs;
    // With both ids known (and valid), the parent is checked against the server: a record's id, a
    // folder of another vault. Reads only; an unknown id at preview is checked at up.
    const idsValid = !checked.failures.some(
      (f) => f.property === "vaultId" || f.property === "parentFolderId",
    );
    if (
      idsValid &&
      typeof vaultId === "string" &&
      typeof parentFolderId === "string" &&
      !isUnknown(vaultId) &&
      !isUnknown(parentFolderId)
    ) {
      checked.failures.push(...(await parentFailures(vaultId, parentFolderId)));
    }
    return checked;
  },

  async diff(id, olds, news) {
    const { changed, replaces } = diffKeys(
      olds,
      news,
      ["name", "vaultId", "parentFolderId", "forceDestroy"],
      ["vaultId"],
    );
    // A move under the folder's own subtree is refused at preview (check has no id to compare with).
    const parent = news.parentFolderId;
    if (
      changed.includes("parentFolderId") &&
      !replaces.length &&
      typeof parent === "string" &&
      !isUnknown(parent)
    ) {
      const [failure] = await parentFailures(String(news.vaultId), parent, id);
      if (failure) throw new Error(`folder "${String(news.name)}": ${failure.property} ${failure.reason}.`);
    }
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const { client } = providerContext();
    const flags = plain({ forceDestroy: inputs.forceDestroy, adopt: inputs.adopt });
    let id: string | undefined;
    if (inputs.adopt) id = (await findSibling(client, inputs))?.id;
    if (id === undefined) {
      const params = plain({
        name: inputs.name,
        vaultId: inputs.vaultId,
        parentFolderId: inputs.parentFolderId,
      });
      id = await createOnce(
        () => folders.create(client, params),
        async () => (await findSibling(client, inputs))?.id,
      );
    }
    try {
      if (inputs.adopt) return { id, outs: await outputsFromServer(client, id, flags) };
      // A plain create stored what was sent: the path is the parent's (cached per process) plus the name.
      const folderPath = inputs.parentFolderId
        ? `${await folders.pathOf(client, inputs.parentFolderId)}/${inputs.name}`
        : inputs.name;
      folders.rememberPath(client, id, folderPath);
      const outs = plain({
        name: inputs.name,
        vaultId: inputs.vaultId,
        parentFolderId: inputs.parentFolderId,
        path: folderPath,
        ...flags,
      });
      return { id, outs };
    } catch (err) {
      throw new PartialCreateError(
        `folder "${inputs.name}" was created (${id}) but could not be read back: ${describe(err)}`,
        id,
        plain({ ...inputs, path: inputs.name }),
      );
    }
  },

  async read(id, props) {
    const { client } = providerContext();
    try {
      const next = await outputsFromServer(client, id, pickInputs(props), folders.read); // coalesced into /batch
      return {
        id,
        props: next,
        inputs: pickInputs(next),
      };
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
  },

  async update(id, before, inputs) {
    const { client } = providerContext();
    if (inputs.name !== before.name) await folders.rename(client, id, inputs.name);
    if ((inputs.parentFolderId ?? null) !== (before.parentFolderId ?? null))
      await folders.move(client, id, inputs.parentFolderId ?? null);
    return {
      outs: await outputsFromServer(
        client,
        id,
        plain({ forceDestroy: inputs.forceDestroy, adopt: inputs.adopt }),
      ),
    };
  },

  async delete(id, state) {
    const { client } = providerContext();
    try {
      await folders.get(client, id); // gone already (404) = deleted
      if (!state.forceDestroy) {
        const contents = await folderContents(client, state.vaultId, id);
        if (!isEmpty(contents)) {
          throw new Error(
            `folder "${state.path ?? state.name}" (${id}) still holds ${describeContents(contents)} that this stack does not manage; move them out, or set forceDestroy: true to send the folder and its content to the bin.`,
          );
        }
      }
      await folders.remove(client, id);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  },
});
