/**
 * passwork:Vault — a Passwork vault.
 *
 * create: POST /api/v1/vaults (adopt: GET /api/v1/vaults, take the one with the same name)
 * read:   GET /api/v1/vaults/{id}            (404 → gone; 403 → error)
 * update: POST /api/v1/vaults/{id}           (rename)
 * delete: DELETE /api/v1/vaults/{id}         (to the bin; refuses when content is left unless forceDestroy)
 * Replacement: `vaultType` (Passwork has no API to change a vault's type). Id: 24-hex ObjectId.
 */
import { z } from "zod";
import { isObjectId } from "../../protocol/common";
import { app, vaults, vaultTypes, type PassworkClient } from "../client";
import { providerContext } from "../config";
import { checkInputs } from "./check";
import { cleanString, describe, diffKeys, isUnknown, plain } from "./common";
import { describeContents, isEmpty, vaultContents } from "./directory-contents";
import { displayName, flag } from "./input-schemas";
import { createOnce, isNotFound, PartialCreateError } from "./outcome";
import { resourceProvider, type CheckResult } from "./skeleton";

export const VaultInputsSchema = z.strictObject({
  name: displayName("vault"),
  vaultType: z
    .string({ error: 'must be a string: "company", "privateShared" or a vault type id' })
    .refine(
      (v) => v === "company" || v === "privateShared" || isObjectId(v),
      'must be "company", "privateShared" or a 24-hex vault type id',
    )
    .optional(),
  forceDestroy: flag("delete the vault even when it holds content this stack does not manage"),
  adopt: flag("take over an existing vault with the same name instead of creating one"),
});
export type VaultInputs = z.infer<typeof VaultInputsSchema>;

/** Stored outputs: no member that is the resource id (the sdk's `vaultId` output is `id`). */
export interface VaultOutputs {
  name: string;
  typeId: string;
  vaultType?: string;
  forceDestroy?: boolean;
  adopt?: boolean;
}

export function checkVault(news: Record<string, unknown>): CheckResult {
  const { raw, failures } = checkInputs(VaultInputsSchema, news);
  const inputs = plain({
    name: cleanString(raw.name) ?? raw.name,
    vaultType: cleanString(raw.vaultType),
    forceDestroy: raw.forceDestroy === true ? true : undefined,
    adopt: raw.adopt === true ? true : undefined,
  });
  return { inputs, failures };
}

/** The type id to create with; without `vaultType`, "company" when the server requires a type. */
async function resolveTypeId(c: PassworkClient, declared: string | undefined): Promise<string | undefined> {
  let vaultType = declared;
  if (vaultType === undefined) {
    if (!(await app.requiresVaultType(c))) return undefined;
    vaultType = "company";
  }
  if (isObjectId(vaultType)) return vaultType;
  const types = await vaultTypes.list(c);
  const found = types.find((t) => t.code === vaultType);
  if (!found) {
    throw new Error(
      `vaultType "${vaultType}" is not offered by this Passwork server (it has ${types.map((t) => t.code).join(", ") || "no vault types"}); use one of those codes or a vault type id.`,
    );
  }
  return found.id;
}

async function findByName(c: PassworkClient, name: string) {
  const matches = (await vaults.list(c)).filter((v) => v.name === name);
  if (matches.length > 1) {
    throw new Error(
      `${matches.length} vaults are named "${name}"; adopt needs exactly one. Rename the extra ones or remove adopt.`,
    );
  }
  return matches[0];
}

function outputs(inputs: VaultInputs, typeId: string | null | undefined): VaultOutputs {
  return plain({ ...inputs, name: inputs.name.trim(), typeId: typeId ?? "" });
}

export const provider = resourceProvider<VaultInputs, VaultOutputs>({
  async check(_olds, news) {
    return checkVault(news);
  },

  async diff(_id, olds, news) {
    const { changed, replaces } = diffKeys(olds, news, ["name", "vaultType", "forceDestroy"], ["vaultType"]);
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const { client } = providerContext();
    const typeId = await resolveTypeId(client, inputs.vaultType);
    if (inputs.adopt) {
      const existing = await findByName(client, inputs.name);
      if (existing) {
        if (inputs.vaultType !== undefined && existing.typeId !== typeId) {
          throw new Error(
            `cannot adopt vault "${inputs.name}" (${existing.id}): its type is ${existing.typeId ?? "none"}, the program declares ${typeId}. Change vaultType or remove adopt.`,
          );
        }
        return { id: existing.id, outs: outputs(inputs, existing.typeId) };
      }
    }
    // Vaults of this name that exist already (someone else's): a lost POST's vault is none of them.
    const before = new Set(
      (await vaults.list(client)).filter((v) => v.name === inputs.name).map((v) => v.id),
    );
    const id = await createOnce(
      () => vaults.create(client, plain({ name: inputs.name, typeId })),
      async () => (await vaults.list(client)).find((v) => v.name === inputs.name && !before.has(v.id))?.id,
    );
    try {
      const created = await vaults.get(client, id);
      return { id, outs: outputs(inputs, created.typeId) };
    } catch (err) {
      throw new PartialCreateError(
        `vault "${inputs.name}" was created (${id}) but could not be read back: ${describe(err)}`,
        id,
        outputs(inputs, typeId),
      );
    }
  },

  async read(id, props) {
    const { client } = providerContext();
    try {
      const v = await vaults.get(client, id);
      const next = outputs({ ...pickInputs(props), name: v.name }, v.typeId);
      return { id: v.id, props: next, inputs: pickInputs(next) };
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
  },

  async update(id, olds, inputs) {
    const { client } = providerContext();
    if (inputs.name !== olds.name) await vaults.rename(client, id, inputs.name);
    return { outs: outputs(inputs, olds.typeId) };
  },

  async delete(id, state) {
    const { client } = providerContext();
    try {
      await vaults.get(client, id); // gone already (404) = deleted
      if (!state.forceDestroy) {
        const contents = await vaultContents(client, id);
        if (!isEmpty(contents)) {
          throw new Error(
            `vault "${state.name}" (${id}) still holds ${describeContents(contents)} that this stack does not manage; move them out, or set forceDestroy: true to send the vault and its content to the bin.`,
          );
        }
      }
      await vaults.remove(client, id);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  },
});

/** The input members of earlier outputs (the unknown sentinel never is one). */
function pickInputs(o: VaultOutputs): VaultInputs {
  const known = <T>(v: T): T | undefined => (isUnknown(v) ? undefined : v);
  return plain({
    name: o.name,
    vaultType: known(o.vaultType),
    forceDestroy: known(o.forceDestroy),
    adopt: known(o.adopt),
  });
}
