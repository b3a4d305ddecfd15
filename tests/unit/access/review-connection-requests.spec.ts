// The review's requests-for-connection part (sdk/review/connection-requests.ts): pending members' rows
// are marked, a table follows the membership table, an identity that may not list requests is told so,
// and a plain vault costs no request.
import { strict as assert } from "node:assert";
import { PassworkClient } from "../../../provider/client";
import {
  connectionRequestsMarkdown,
  markPending,
  pendingConnections,
  PENDING_NOTE,
} from "../../../sdk/review/connection-requests";
import { buildReport } from "../../../sdk/review/report";
import { grant, ids, principals, tree } from "./fixture";

describe("access/review: requests for connection", () => {
  const rows = buildReport({
    tree: tree(),
    grants: [grant(ids.vault, "user", ids.admin, "admin"), grant(ids.vault, "group", ids.developers, "read")],
    principals,
    rootId: ids.vault,
  });

  it("marks only the pending users' rows and lists them with their groups", () => {
    const pending = {
      kind: "pending" as const,
      requests: [{ userId: ids.alice, userGroupIds: [ids.developers] }],
    };
    const marked = markPending(rows, pending);
    const alice = marked.filter((r) => r.principalId === ids.alice);
    assert.ok(alice.length > 0 && alice.every((r) => r.connectionRequest === "pending"));
    assert.ok(marked.filter((r) => r.principalId !== ids.alice).every((r) => !("connectionRequest" in r)));
    const md = connectionRequestsMarkdown(marked, pending);
    assert.ok(md.includes(`| user alice | through group developers; ${PENDING_NOTE} |`), md);
  });

  it("says nothing without requests, and names the missing right when they cannot be read", () => {
    assert.equal(connectionRequestsMarkdown(rows, { kind: "none" }), "");
    assert.deepEqual(markPending(rows, { kind: "none" }), rows);
    assert.match(
      connectionRequestsMarkdown(rows, {
        kind: "unreadable",
        reason: "listing them needs Administrator on the vault",
      }),
      /not read — listing them needs Administrator on the vault/,
    );
  });

  it("a vault that is not encrypted is not asked (no request is sent)", async () => {
    // Nothing listens on port 9: any request would fail the call.
    const c = new PassworkClient({ host: "http://127.0.0.1:9", accessToken: "t", maxRetries: 0 });
    try {
      assert.deepEqual(await pendingConnections(c, ids.vault, false), { kind: "none" });
      assert.deepEqual(await pendingConnections(c, ids.vault, undefined), { kind: "none" });
      assert.equal(c.stats().requests, 0);
    } finally {
      await c.close();
    }
  });
});
