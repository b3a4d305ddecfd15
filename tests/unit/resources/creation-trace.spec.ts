// The creation stack Pulumi stores per resource keeps Pulumi's first frames and the caller's nearest
// declaring frames while a class registers (sdk/creation-trace.ts); the formatter in place keeps
// formatting, and it is restored.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { CALLER_FRAMES, capCreationTrace } from "../../../sdk/creation-trace";

/** Runs `fn` under `depth` extra frames of this file. */
function deep<T>(depth: number, fn: () => T): T {
  return depth === 0 ? fn() : deep(depth - 1, fn);
}

/** The frames Pulumi stores for a resource: Resource.stackTrace(4), called inside three more frames as a constructor would. */
const stored = (): { uri?: string }[] => (pulumi.Resource as any).stackTrace(4);
const fromResource = () => deep(3, stored);

describe("sdk: the creation stack Pulumi stores is capped", () => {
  it("keeps the caller's nearest frames, drops Pulumi's runtime, Node's internals and the loader; restores", () => {
    const full = deep(40, fromResource);
    assert.ok(full.length > 40, `uncapped: ${full.length} frames`);
    assert.ok(
      full.some((f) => /node_modules\/(mocha|@pulumi)/.test(f?.uri ?? "") || f === undefined),
      "the uncapped stack reaches the test runner",
    );
    const cap = capCreationTrace();
    let capped: ({ uri?: string } | undefined)[];
    try {
      capped = deep(40, fromResource);
    } finally {
      cap.restore();
    }
    assert.equal(capped.length, CALLER_FRAMES, JSON.stringify(capped));
    assert.deepEqual(capped, full.slice(0, CALLER_FRAMES), "the same nearest frames, in order");
    assert.ok(
      capped.every((f) => f?.uri?.endsWith("creation-trace.spec.ts")),
      JSON.stringify(capped),
    );
    assert.ok(deep(40, fromResource).length > 40, "restored");
  });

  it("drops plumbing frames between the caller's frames", () => {
    const cap = capCreationTrace(50);
    let capped: ({ uri?: string } | undefined)[];
    try {
      capped = deep(2, fromResource);
    } finally {
      cap.restore();
    }
    assert.ok(capped.length >= 3, JSON.stringify(capped));
    // (Pulumi's own parser leaves a frame of an anonymous arrow function without a position: undefined.)
    for (const f of capped) assert.ok(!/node_modules\/@pulumi\/pulumi\/|^node:/.test(f?.uri ?? ""), f?.uri);
    assert.ok(
      capped.some((f) => f?.uri?.includes("node_modules/mocha/")),
      "the caller's frames go on past the test",
    );
  });

  it("wraps the installed formatter (source-map-support under ts-node) instead of replacing it", () => {
    const installed = Error.prepareStackTrace;
    const seen: number[] = [];
    Error.prepareStackTrace = (_error, callsites) => {
      seen.push(callsites.length);
      return `formatted ${callsites.length}`;
    };
    const cap = capCreationTrace(3);
    const limit = Error.stackTraceLimit;
    try {
      Error.stackTraceLimit = Infinity;
      assert.equal(
        deep(10, () => new Error("x").stack),
        "formatted 8",
      );
    } finally {
      Error.stackTraceLimit = limit;
      cap.restore();
      Error.prepareStackTrace = installed;
    }
    assert.deepEqual(seen, [8]); // Pulumi's 5 frames + 3 of the caller's
  });

  it("PULUMI_PASSWORK_FULL_STACK_TRACES keeps every frame", () => {
    const cap = capCreationTrace(CALLER_FRAMES, { PULUMI_PASSWORK_FULL_STACK_TRACES: "1" });
    try {
      assert.ok(deep(40, fromResource).length > 40);
    } finally {
      cap.restore();
    }
  });
});
