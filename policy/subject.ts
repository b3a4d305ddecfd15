/** How messages name a resource (its class and logical name), and resource rules limited to our types. */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { TYPES } from "./types";
import { plainProps, type Props } from "./values";

const SHORT = new Map<string, string>(
  Object.values(TYPES).map((t) => [t, t.slice(t.lastIndexOf(":") + 1)] as [string, string]),
);

/** `Record "prod-db"`: the class and the logical name (the last part of the URN). */
export function subject(type: string, logicalName: string): string {
  return `${SHORT.get(type) ?? type} "${logicalName}"`;
}

/** A resource-level validation that runs only for the given types, on plain (unknown-tolerant) props. */
export function forTypes(
  types: readonly string[],
  validate: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
  return (args, report) => {
    if (!types.includes(args.type)) return;
    validate(plainProps(args.props), args, report);
  };
}
