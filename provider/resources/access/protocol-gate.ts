/**
 * The probe at preview: an access resource (VaultAccess, FolderAccess, AccessPolicy, Group,
 * ServiceAccount) that is about to be created or changed first makes sure the server speaks the access
 * protocol (provider/client/access-protocol.ts: one cheap read per provider process). A server that
 * does not fails every access resource at check with the probe's one message, before anything is
 * created; vaults, folders and records never ask. An unchanged resource asks nothing (a no-change `up`
 * sends no request); its later reads and deletes are gated by the client itself.
 */
import { accessProtocolReady, connectionRequestsReady } from "../../client";
import { providerContext } from "../../config";
import { sameJson } from "../common";
import { clientForCheck } from "../preview-client";

/**
 * Throws AccessProtocolUnavailableError when the server does not speak the access protocol. A probe that
 * could not tell (429 or 5xx after the client's retries, a lost connection, 401) is no verdict and fails
 * nothing here: the resource's own calls retry and report such an error themselves, and the next access
 * call probes again.
 */
export async function requireAccessProtocol(
  olds: Record<string, unknown>,
  inputs: Record<string, unknown>,
  /** Keys check adds from the server (AccessPolicy's willRemove/drift): not the program's inputs. */
  derived: readonly string[] = [],
  /**
   * The change may be followed by approvals of requests for connection (connection-requests.ts): then,
   * when the provider would approve (a master key, `connectionRequests = approve`), their rows are
   * probed too, so a server without them fails here and not halfway through the `up`.
   */
  mayApproveRequests = false,
): Promise<void> {
  const before: Record<string, unknown> = { ...olds };
  for (const key of ["__provider", ...derived]) delete before[key];
  if (Object.keys(before).length > 0 && sameJson(before, inputs)) return;
  const c = clientForCheck();
  if (c === undefined) return; // no credentials at preview: the first access call probes instead
  await accessProtocolReady(c);
  if (mayApproveRequests && c.hasMasterKey && providerContext().settings.connectionRequests === "approve")
    await connectionRequestsReady(c);
}
