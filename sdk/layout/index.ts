/** The Layout component, its declaration schema and the export of an existing vault. */
export { Layout, readLayoutFile, LAYOUT_TYPE, type LayoutArgs, type UnmanagedContent } from "./component";
export {
  LayoutSpec,
  DEFAULT_CATEGORY_TAGS,
  type LayoutSpecInput,
  type RecordSpec as LayoutRecordSpec,
  type FolderSpec as LayoutFolderSpec,
  type AccessSpec as LayoutAccessSpec,
} from "./spec";
export { LayoutError } from "./errors";
export { parseLayoutSpec } from "./parse";
export { planLayout, type LayoutPlan } from "./plan";
export type { PrincipalIds } from "./grants";
