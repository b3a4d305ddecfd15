/**
 * passwork:ServiceAccount — a user of the service-account type (no UI sign-in; API tokens only).
 *
 * Operations are rows of protocol/access-protocol.ts (this file knows no path):
 * create: createUser {login, fullName, userRoleId, userGroupIds, isServiceAccount: true}
 *         (adopt: listUsers by login, service accounts only)
 * read:   getUser      (404 → gone; 403 → error)
 * update: updateUser   (fullName, role, groups)
 * delete: deleteUser
 * Preview: the access-protocol probe first (access/protocol-gate.ts), when the account is new or changed.
 * Replacement: `login` (delete before create: logins are unique). Id: 24-hex ObjectId.
 * `role` is a role code (`user`, `admin`, …) or a role id; default `user`. Tokens are minted in
 * Passwork's UI (or the emulator's control endpoint), never by this resource: no secret lands in state.
 */
import { z } from "zod";
import { principals, type PassworkClient } from "../client";
import { providerContext } from "../config";
import { requireAccessProtocol } from "./access/protocol-gate";
import { checkInputs } from "./check";
import { cleanString, containsUnknown, diffKeys, isUnknown, plain } from "./common";
import { displayName, flag, objectIdInput } from "./input-schemas";
import { createOnce, isNotFound } from "./outcome";
import { resourceProvider } from "./skeleton";

const ServiceAccountInputsSchema = z.strictObject({
  login: z
    .string({ error: "must be a string (the service account's login)" })
    .min(1, "must not be empty")
    .max(128, "must be at most 128 characters")
    .regex(
      /^[A-Za-z0-9._@-]+$/,
      "may contain only letters, digits, '.', '_', '@' and '-' (e.g. deploy-prod-svc)",
    ),
  fullName: displayName("service account's display name").optional(),
  role: z.string({ error: "must be a role code such as user, or a role id" }).min(1).optional(),
  groups: z.array(objectIdInput("group")).optional(),
  adopt: flag("take over an existing service account with the same login instead of creating one"),
});

/** check's canonical inputs: `fullName` defaults to the login, `role` to "user". */
interface ServiceAccountInputs {
  login: string;
  fullName: string;
  role: string;
  groups?: string[];
  adopt?: boolean;
}

export interface ServiceAccountOutputs {
  serviceAccountId: string;
  login: string;
  fullName: string;
  role: string;
  roleId: string;
  groups: string[];
  /** False when the program leaves `groups` out: membership is then managed elsewhere (e.g. Group.members). */
  groupsManaged: boolean;
  adopt?: boolean;
}

async function roleIdFor(c: PassworkClient, role: string): Promise<string> {
  const roles = await principals.roles.list(c);
  const found = roles.find((r) => r.code === role || r.id === role);
  if (!found)
    throw new Error(`role "${role}" does not exist; use one of: ${roles.map((r) => r.code).join(", ")}`);
  return found.id;
}

async function outputsFromServer(
  c: PassworkClient,
  id: string,
  declaredRole: string | undefined,
  groupsManaged: boolean,
  adopt: boolean | undefined,
): Promise<ServiceAccountOutputs> {
  const u = await principals.users.get(c, id);
  if (!u.isServiceAccount)
    throw new Error(
      `user ${u.login} (${id}) is not a service account; use a plain user lookup (getUser) for people`,
    );
  const roles = await principals.roles.list(c);
  const code = roles.find((r) => r.id === u.userRoleId)?.code ?? u.userRoleId;
  // Keep the form the program used (code or id) while it still names the server's role.
  const role =
    declaredRole !== undefined &&
    roles.some((r) => r.id === u.userRoleId && (r.code === declaredRole || r.id === declaredRole))
      ? declaredRole
      : code;
  return plain({
    serviceAccountId: u.id,
    login: u.login,
    fullName: u.fullName,
    role,
    roleId: u.userRoleId,
    groups: [...u.userGroupIds].sort(),
    groupsManaged,
    adopt,
  });
}

export const provider = resourceProvider<ServiceAccountInputs, ServiceAccountOutputs>({
  async check(olds, news) {
    const { raw, failures } = checkInputs(ServiceAccountInputsSchema, news, {
      outputs: ["serviceAccountId", "roleId", "groupsManaged"],
    });
    const login = cleanString(raw.login) ?? raw.login;
    const groups =
      Array.isArray(raw.groups) && !containsUnknown(raw.groups)
        ? [...new Set(raw.groups)].sort()
        : raw.groups;
    const inputs = plain({
      login,
      fullName: cleanString(raw.fullName) ?? (typeof login === "string" ? login : undefined),
      role: cleanString(raw.role) ?? "user",
      groups,
      adopt: raw.adopt === true ? true : undefined,
    });
    await requireAccessProtocol(olds, inputs);
    return { inputs, failures };
  },

  async diff(_id, olds, news) {
    // Without `groups` in the program, membership is not this resource's business.
    const { changed, replaces } = diffKeys(
      olds,
      news,
      ["login", "fullName", "role", ...(news.groups !== undefined ? ["groups"] : [])],
      ["login"],
    );
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
  },

  async create(inputs) {
    const { client } = providerContext();
    const { login, role, fullName, groups } = inputs;
    const userRoleId = await roleIdFor(client, role);
    const adopt = inputs.adopt === true ? true : undefined;
    const existing = async () =>
      (await principals.users.list(client, { login, isServiceAccount: true })).find((u) => u.login === login);
    let id: string | undefined;
    if (adopt) {
      id = (await existing())?.id;
      if (id)
        await principals.users.update(client, id, plain({ fullName, userRoleId, userGroupIds: groups }));
    }
    if (id === undefined) {
      // Logins are unique: a lost answer is reconciled by the login, never by creating twice.
      id = await createOnce(
        () =>
          principals.users.create(
            client,
            plain({ login, fullName, userRoleId, userGroupIds: groups, isServiceAccount: true }),
          ),
        async () => (await existing())?.id,
        1,
      );
    }
    return { id, outs: await outputsFromServer(client, id, role, groups !== undefined, adopt) };
  },

  async read(id, props) {
    const { client } = providerContext();
    try {
      const managed = props.groupsManaged !== false;
      const next = await outputsFromServer(
        client,
        id,
        props.role,
        managed,
        props.adopt === true ? true : undefined,
      );
      return {
        id,
        props: next,
        inputs: plain({
          login: next.login,
          fullName: next.fullName,
          role: next.role,
          groups: managed ? next.groups : undefined,
          adopt: next.adopt,
        }),
      };
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
  },

  async update(id, _olds, news) {
    const { client } = providerContext();
    if (isUnknown(news.role) || containsUnknown(news.groups))
      throw new Error("role or groups are unknown at update time");
    const { role, groups } = news;
    await principals.users.update(
      client,
      id,
      plain({ fullName: news.fullName, userRoleId: await roleIdFor(client, role), userGroupIds: groups }),
    );
    return {
      outs: await outputsFromServer(
        client,
        id,
        role,
        groups !== undefined,
        news.adopt === true ? true : undefined,
      ),
    };
  },

  async delete(id) {
    const { client } = providerContext();
    try {
      await principals.users.remove(client, id);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  },
});
