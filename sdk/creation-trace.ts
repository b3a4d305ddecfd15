/**
 * Pulumi stores, in the state of every resource, the call stack it was created from
 * (`Resource.stackTrace`: every frame down to Node's module loader, each a `file://` URI with line and
 * column; 400–800 bytes, rewritten with the whole state at every step). Only the frames nearest the
 * resource say where it was declared: the class, the program line, a component or helper around it.
 *
 * `capCreationTrace` wraps `Error.prepareStackTrace` while a constructor's `super(...)` runs, so a stack
 * captured then keeps Pulumi's own first frames (which Pulumi skips) and, after them, at most
 * `callerFrames` frames that are neither this sdk's own (the class, the Layout component), Pulumi's
 * runtime, Node's internals nor ts-node's module loader — they never tell where a resource is declared.
 * So the first frame Pulumi keeps, the resource's `sourcePosition`, is the program's line (for a Layout's
 * resources: the line that declares the Layout), not a line of this package. The formatter installed (source-map-support
 * under ts-node) still formats what is kept; `restore` puts it back. PULUMI_PASSWORK_FULL_STACK_TRACES=1
 * keeps every frame.
 */
import { sep } from "node:path";

export interface CappedTrace {
  /** Puts the previous formatter back (idempotent). */
  restore(): void;
}

const UNCAPPED: CappedTrace = { restore: () => undefined };

/** Resource.callsites, Resource.stackTrace, Resource, CustomResource, PassworkResource: skipped by Pulumi. */
const PULUMI_FRAMES = 5;
/** The nearest frames of the program that declares the resource (its line, a component, a loop). */
export const CALLER_FRAMES = 6;

/** This sdk's folder (sdk/ under ts-node, dist/sdk/ when installed): its frames are the class's, not the program's. */
const SDK_DIR = `${__dirname}${sep}`;

/** Frames that never tell where a resource is declared. */
function isPlumbing(site: NodeJS.CallSite): boolean {
  const file = site.getFileName() ?? "";
  return (
    file === "" ||
    file.startsWith(SDK_DIR) ||
    file.startsWith("node:") ||
    /[\\/]node_modules[\\/](@pulumi[\\/]pulumi|ts-node|source-map-support)[\\/]/.test(file)
  );
}

export function capCreationTrace(
  callerFrames = CALLER_FRAMES,
  env: NodeJS.ProcessEnv = process.env,
): CappedTrace {
  if (env.PULUMI_PASSWORK_FULL_STACK_TRACES) return UNCAPPED;
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, callsites) => {
    const kept = [
      ...callsites.slice(0, PULUMI_FRAMES),
      ...callsites
        .slice(PULUMI_FRAMES)
        .filter((c) => !isPlumbing(c))
        .slice(0, callerFrames),
    ];
    if (previous) return previous(error, kept);
    return `${Error.prototype.toString.call(error)}${kept.map((c) => `\n    at ${c}`).join("")}`;
  };
  let capped = true;
  return {
    restore: () => {
      if (!capped) return;
      capped = false;
      Error.prepareStackTrace = previous;
    },
  };
}
