/**
 * The whole route table: method, path pattern (`:name` segments) → handler. The access/identity rows
 * are not written here: they come from protocol/access-protocol.ts (the table the client reads too),
 * each bound to its handler in ACCESS_HANDLERS.
 */
import {
  ACCESS_OPERATION_NAMES,
  ACCESS_PROTOCOL,
  type AccessOperationName,
} from "../protocol/access-protocol";
import * as access from "./handlers/access";
import * as app from "./handlers/app";
import { batch } from "./handlers/batch";
import * as bin from "./handlers/bin";
import * as connectionRequests from "./handlers/connection-requests";
import * as control from "./handlers/control";
import type { Handler } from "./handlers/context";
import * as folders from "./handlers/folders";
import * as items from "./handlers/items";
import * as keys from "./handlers/keys";
import * as session from "./handlers/session";
import * as sharing from "./handlers/sharing";
import * as vaults from "./handlers/vaults";

export interface Route {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  /** false: no Bearer token needed (refresh endpoints that carry tokens in the body, control plane). */
  auth: boolean;
  handler: Handler;
  /** Rows of the access table Passwork does not publish: off when the emulator runs with `accessEndpoints: false`. */
  unpublished?: true;
  /** The access table row this route serves. */
  operation?: AccessOperationName;
}

const r = (method: Route["method"], path: string, handler: Handler, auth = true): Route => ({
  method,
  path,
  handler,
  auth,
});
const V1 = "/api/v1";

/** The handler of every row of the access table (a row without one does not compile). */
const ACCESS_HANDLERS: Record<AccessOperationName, Handler> = {
  me: access.me,
  listUsers: access.listUsers,
  getUser: access.getUser,
  createUser: access.createUser,
  updateUser: access.updateUser,
  deleteUser: access.deleteUser,
  listGroups: access.listGroups,
  getGroup: access.getGroup,
  createGroup: access.createGroup,
  updateGroup: access.updateGroup,
  deleteGroup: access.deleteGroup,
  listRoles: access.roles,
  listVaultGrants: access.listGrants("vault"),
  setVaultGrant: access.setGrant("vault"),
  revokeVaultGrant: access.revokeGrant("vault"),
  listFolderGrants: access.listGrants("folder"),
  setFolderGrant: access.setGrant("folder"),
  revokeFolderGrant: access.revokeGrant("folder"),
  effectiveAccess: access.effective,
  listConnectionRequests: connectionRequests.list,
  listVaultConnectionRequests: connectionRequests.listForVault,
  approveConnectionRequest: connectionRequests.approve,
};

/** `/users/{id}` → `/api/v1/users/:id`. */
export const routePattern = (tablePath: string): string => V1 + tablePath.replace(/\{(\w+)\}/g, ":$1");

const ACCESS_ROUTES: Route[] = ACCESS_OPERATION_NAMES.map((name) => {
  const row = ACCESS_PROTOCOL[name];
  return {
    ...r(row.method, routePattern(row.path), ACCESS_HANDLERS[name]),
    operation: name,
    ...(row.evidence === "assumed" ? { unpublished: true as const } : {}),
  };
});

export const ROUTES: Route[] = [
  r("POST", `${V1}/sessions/refresh`, session.refresh, false),
  r("POST", `${V1}/sessions/refresh-access-token`, session.refreshAccessToken, false),
  r("POST", `${V1}/sessions/refresh-refresh-token`, session.refreshRefreshToken, false),

  r("GET", `${V1}/app/features`, app.features),
  r("GET", `${V1}/app/settings`, app.settings),
  r("POST", `${V1}/app/health-check`, sharing.healthCheck, false),
  r("GET", `${V1}/vault-types/all`, app.vaultTypes),
  r("GET", `${V1}/vault-types/:id/administrators`, app.vaultTypeAdministrators),

  r("GET", `${V1}/vaults`, vaults.list),
  r("POST", `${V1}/vaults`, vaults.create),
  r("GET", `${V1}/vaults/:id`, vaults.get),
  r("POST", `${V1}/vaults/:id`, vaults.rename),
  r("DELETE", `${V1}/vaults/:id`, vaults.remove),

  r("GET", `${V1}/folders`, folders.list),
  r("POST", `${V1}/folders`, folders.create),
  r("GET", `${V1}/folders/search`, folders.search),
  r("GET", `${V1}/folders/:id`, folders.get),
  r("POST", `${V1}/folders/:id`, folders.rename),
  r("POST", `${V1}/folders/:id/move`, folders.move),
  r("DELETE", `${V1}/folders/:id`, folders.remove),

  r("GET", `${V1}/items`, items.list),
  r("POST", `${V1}/items`, items.create),
  r("GET", `${V1}/items/search`, items.search),
  r("GET", `${V1}/items/:id`, items.get),
  r("PATCH", `${V1}/items/:id`, items.update),
  r("DELETE", `${V1}/items/:id`, items.remove),
  r("POST", `${V1}/items/:id/move`, items.move),
  r("GET", `${V1}/items/:id/snapshots`, items.snapshots),
  r("GET", `${V1}/items/:id/snapshot/:snapshotId`, items.snapshot),
  r("GET", `${V1}/items/:id/attachment/:attachmentId`, sharing.attachment),
  r("GET", `${V1}/snapshots/:snapshotId/attachment/:attachmentId`, sharing.snapshotAttachment),
  r("POST", `${V1}/shortcuts`, sharing.createShortcut),
  r("GET", `${V1}/shortcuts/search`, sharing.searchShortcuts),
  r("GET", `${V1}/shortcuts/:id`, sharing.getShortcut),
  r("DELETE", `${V1}/shortcuts/:id`, sharing.deleteShortcut),
  r("POST", `${V1}/links`, sharing.createLink),
  r("GET", `${V1}/inbox-items/:id`, sharing.inboxItem),
  r("POST", `${V1}/batch`, batch),

  r("GET", `${V1}/bin`, bin.list),
  r("POST", `${V1}/bin/:binItemId/restore`, bin.restore),

  r("GET", `${V1}/users/keys`, keys.userKeys),
  r("GET", `${V1}/users/master-key/options`, keys.masterKeyOptions),
  r("GET", `${V1}/users/master-key/new-options`, sharing.newMasterKeyOptions),
  r("GET", `${V1}/users/:id/public-key`, keys.publicKey),
  r("GET", `${V1}/activity-log`, access.activity),
  ...ACCESS_ROUTES,

  r("POST", "/_emulator/users", control.seedUser, false),
  r("POST", "/_emulator/tokens", control.mintTokens, false),
  r("POST", "/_emulator/inbox-items", control.seedInboxItem, false),
  r("POST", "/_emulator/tokens/expire", control.expireToken, false),
  r("POST", "/_emulator/faults", control.addFault, false),
  r("DELETE", "/_emulator/faults", control.clearFaults, false),
  r("GET", "/_emulator/requests", control.requests, false),
  r("DELETE", "/_emulator/requests", control.clearRequests, false),
  r("GET", "/_emulator/stats", control.stats, false),
  r("POST", "/_emulator/reset", control.reset, false),
  r("GET", "/_emulator/health", control.health, false),
];

export interface Match {
  route: Route;
  params: Record<string, string>;
}

interface Compiled {
  route: Route;
  re: RegExp;
  names: string[];
}

/** In table order: literal paths are listed before patterns (`/items/search` before `/items/:id`, `/users/info` before `/users/:id`). */
const COMPILED: Compiled[] = ROUTES.map((route) => {
  const names: string[] = [];
  const re = new RegExp(
    "^" +
      route.path.replace(/:([A-Za-z]+)/g, (_m, n: string) => {
        names.push(n);
        return "([^/]+)";
      }) +
      "$",
  );
  return { route, re, names };
});

export interface MatchOptions {
  /** false: the unpublished access rows answer like a server that does not have them (404). */
  accessEndpoints?: boolean;
  /** These rows of the access table answer 404 (a server that speaks the rest of the table). */
  accessOperationsOff?: ReadonlySet<AccessOperationName>;
}

/** Finds the route; `null` + allowed methods when only the method is wrong. */
export function matchRoute(
  method: string,
  path: string,
  options: MatchOptions = {},
): Match | { allowed: string[] } | null {
  const allowed: string[] = [];
  for (const c of COMPILED) {
    if (options.accessEndpoints === false && c.route.unpublished) continue;
    if (c.route.operation !== undefined && options.accessOperationsOff?.has(c.route.operation)) continue;
    const m = c.re.exec(path);
    if (!m) continue;
    if (c.route.method !== method) {
      allowed.push(c.route.method);
      continue;
    }
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1] as string);
    });
    return { route: c.route, params };
  }
  return allowed.length ? { allowed } : null;
}
