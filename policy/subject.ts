/** How messages name a resource: its class and its logical name (the last part of its URN). */
import { TYPES } from "./types";

const SHORT = new Map<string, string>(
  Object.values(TYPES).map((t) => [t, t.slice(t.lastIndexOf(":") + 1)] as [string, string]),
);

export function subject(type: string, logicalName: string): string {
  return `${SHORT.get(type) ?? type} "${logicalName}"`;
}

/** A resource-level validation that runs only for the given types, on plain (unknown-tolerant) props. */
import type { ResourceValidation, ResourceValidationArgs, ReportViolation } from "@pulumi/policy";
import { plainProps, type Props } from "./values";

export function forTypes(
  types: readonly string[],
  validate: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
  return (args, report) => {
    if (!types.includes(args.type)) return;
    validate(plainProps(args.props), args, report);
  };
}
