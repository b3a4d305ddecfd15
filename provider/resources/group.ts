/**
 * passwork:Group — a user group: name, description, members (user / service account ids, a set).
 *
 * Operations are rows of protocol/access-protocol.ts (this file knows no path):
 * create: createGroup (adopt: listGroups by name, exact name)
 * read:   getGroup      (404 → gone; 403 → error)
 * update: updateGroup   (name, description, members; nothing forces replacement)
 * delete: deleteGroup
 * Preview: the access-protocol probe first (access/protocol-gate.ts), when the group is new or changed.
 * Client-side encryption: create/update approve the declared members' requests for connection
 * (access/connection-requests.ts; `passwork:connectionRequests`).
 * Id: 24-hex ObjectId. Membership can also be declared on ServiceAccount.groups: declare each
 * membership in one place only, or the two resources will undo each other.
 */
import { z } from "zod";
import { principals, type PassworkClient } from "../client";
import { providerContext } from "../config";
import type { ProviderSettings } from "../settings/schema";
import { approveCausedRequests } from "./access/connection-requests";
import { requireAccessProtocol } from "./access/protocol-gate";
import { checkInputs } from "./check";
import { cleanString, containsUnknown, describe, diffKeys, isUnknown, plain } from "./common";
import { displayName, flag, objectIdInput, optionalText } from "./input-schemas";
import { createOnce, isNotFound, PartialCreateError } from "./outcome";
import { resourceProvider } from "./skeleton";

const GroupInputsSchema = z.strictObject({
  name: displayName("group"),
  description: optionalText("description", 4096),
  members: z.array(objectIdInput("member user or service account")).optional(),
  adopt: flag("take over an existing group with the same name instead of creating one"),
});
type GroupInputs = z.infer<typeof GroupInputsSchema>;

export interface GroupOutputs {
  groupId: string;
  name: string;
  description?: string;
  members: string[];
  /** False when the program leaves `members` out: membership is then managed elsewhere (e.g. ServiceAccount.groups). */
  membersManaged: boolean;
  adopt?: boolean;
}

const setOf = (v: unknown): unknown =>
  Array.isArray(v) && !containsUnknown(v)
    ? [...new Set(v.map((x) => (typeof x === "string" ? x.trim() : x)))].sort()
    : v;

async function outputsFromServer(
  c: PassworkClient,
  id: string,
  membersManaged: boolean,
  adopt: boolean | undefined,
): Promise<GroupOutputs> {
  const g = await principals.groups.get(c, id);
  return plain({
    groupId: g.id,
    name: g.name,
    description: g.description || undefined,
    members: [...g.userIds].sort(),
    membersManaged,
    adopt,
  });
}

/**
 * Client-side encryption: the declared members who reach a vault only through this group wait for a
 * request for connection; approve theirs (access/connection-requests.ts). Members managed elsewhere
 * (`members` left out) are not this resource's business.
 */
async function approveMembersRequests(
  c: PassworkClient,
  settings: ProviderSettings,
  groupId: string,
  members: string[] | undefined,
): Promise<void> {
  if (members === undefined || members.length === 0) return;
  await approveCausedRequests(c, settings, { userGroupId: groupId, userIds: members });
}

export const provider = resourceProvider<GroupInputs, GroupOutputs>({
  async check(olds, news) {
    const { raw, failures } = checkInputs(GroupInputsSchema, news, {
      outputs: ["groupId", "membersManaged"],
    });
    const inputs = plain({
      name: cleanString(raw.name) ?? raw.name,
      description: cleanString(raw.description),
      members: raw.members === undefined ? undefined : setOf(raw.members),
      adopt: raw.adopt === true ? true : undefined,
    });
    await requireAccessProtocol(olds, inputs, [], inputs.members !== undefined);
    return { inputs, failures };
  },

  async diff(_id, olds, news) {
    // Without `members` in the program, membership is not this resource's business.
    const { changed } = diffKeys(
      olds,
      news,
      ["name", "description", ...(news.members !== undefined ? ["members"] : [])],
      [],
    );
    return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false };
  },

  async create(inputs) {
    const { client, settings } = providerContext();
    let id: string | undefined;
    if (inputs.adopt) {
      const found = (await principals.groups.list(client, { name: inputs.name })).filter(
        (g) => g.name === inputs.name,
      );
      if (found.length > 1)
        throw new Error(`${found.length} groups are named "${inputs.name}"; adopt needs exactly one`);
      if (found[0]) {
        id = found[0].id;
        await principals.groups.update(
          client,
          id,
          plain({ description: inputs.description ?? "", userIds: inputs.members }),
        );
      }
    }
    if (id === undefined) {
      // Group names are unique: a lost answer is reconciled by the name, never by creating twice.
      id = await createOnce(
        () =>
          principals.groups.create(
            client,
            plain({ name: inputs.name, description: inputs.description, userIds: inputs.members }),
          ),
        async () =>
          (await principals.groups.list(client, { name: inputs.name })).find((g) => g.name === inputs.name)
            ?.id,
        1,
      );
    }
    const outs = await outputsFromServer(client, id, inputs.members !== undefined, inputs.adopt);
    try {
      await approveMembersRequests(client, settings, id, inputs.members);
    } catch (err) {
      // The group exists: record it, and the next `up` (an update) approves again.
      throw new PartialCreateError(describe(err), id, outs);
    }
    return { id, outs };
  },

  async read(id, props) {
    const { client } = providerContext();
    try {
      const managed = props.membersManaged !== false;
      const next = await outputsFromServer(client, id, managed, props.adopt === true ? true : undefined);
      return {
        id,
        props: next,
        inputs: plain({
          name: next.name,
          description: next.description,
          members: managed ? next.members : undefined,
          adopt: next.adopt,
        }),
      };
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
  },

  async update(id, _olds, news) {
    const { client, settings } = providerContext();
    if (isUnknown(news.name)) throw new Error("name is unknown at update time");
    const members = news.members;
    await principals.groups.update(
      client,
      id,
      plain({ name: news.name, description: news.description ?? "", userIds: members }),
    );
    await approveMembersRequests(client, settings, id, members);
    return {
      outs: await outputsFromServer(
        client,
        id,
        members !== undefined,
        news.adopt === true ? true : undefined,
      ),
    };
  },

  async delete(id) {
    const { client } = providerContext();
    try {
      await principals.groups.remove(client, id);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  },
});
