/**
 * sdk/promise-traces.ts: the sdk constructors register with V8's stack-trace limit at 0 (the traces
 * @pulumi/pulumi stores on its promises are shown only with PULUMI_DEBUG_PROMISE_LEAKS), and put the
 * limit back afterwards, also when the constructor throws; such an error still points at the caller.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { pausePromiseTraces } from "../../../sdk/promise-traces";

describe("sdk constructors and promise stack traces", () => {
  let limitsSeenAtRegistration: number[] = [];
  let original: number;

  before(async () => {
    original = Error.stackTraceLimit;
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs } }),
        call: () => ({}),
      },
      "proj",
      "stack",
      false,
    );
  });
  afterEach(() => {
    Error.stackTraceLimit = original;
  });

  it("pauses traces during registration and restores the caller's limit afterwards", async () => {
    const sdk = await import("../../../sdk");
    Error.stackTraceLimit = 25;
    // Sample the limit at the moment @pulumi/pulumi wraps a promise (it captures `new Error().stack`).
    const prepare = Error.prepareStackTrace;
    limitsSeenAtRegistration = [];
    Error.prepareStackTrace = (error, frames) => {
      limitsSeenAtRegistration.push(Error.stackTraceLimit);
      return prepare ? prepare(error, frames) : String(error);
    };
    try {
      new sdk.Record("traces-r", { name: "DB", vaultId: "v", password: "p" });
    } finally {
      Error.prepareStackTrace = prepare;
    }
    assert.equal(Error.stackTraceLimit, 25, "the caller's limit is back");
    const paused = limitsSeenAtRegistration.filter((l) => l === 0).length;
    assert.ok(
      paused >= 40,
      `traces taken with the limit at 0: ${paused} of ${limitsSeenAtRegistration.length}`,
    );
  });

  it("an error thrown while paused restores the limit and carries the caller's stack", async () => {
    const sdk = await import("../../../sdk");
    Error.stackTraceLimit = 10;
    let caught: unknown;
    try {
      // A resource name is required: @pulumi/pulumi throws synchronously inside super().
      new sdk.Vault(undefined as unknown as string, { name: "x" });
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof Error, "the constructor threw");
    assert.equal(Error.stackTraceLimit, 10);
    assert.match(caught.stack ?? "", /sdk-promise-traces\.spec\.ts/, "the stack names the calling line");
  });

  it("keeps full traces when PULUMI_DEBUG_PROMISE_LEAKS is set", () => {
    Error.stackTraceLimit = 10;
    const paused = pausePromiseTraces({ PULUMI_DEBUG_PROMISE_LEAKS: "1" });
    assert.equal(Error.stackTraceLimit, 10);
    paused.resume();
    const off = pausePromiseTraces({});
    assert.equal(Error.stackTraceLimit, 0);
    off.resume();
    off.resume(); // idempotent
    assert.equal(Error.stackTraceLimit, 10);
  });
});
