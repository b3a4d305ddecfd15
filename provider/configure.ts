/**
 * The one entry point the shim's `configure` calls: hands the stack config to every settings module
 * (connection and validation settings, access rules).
 */
import { configure as configureConnection } from "./config";
import { configure as configureAccessRules } from "./access/settings";

export function configure(req: { config: { get(key: string): string | undefined } }): void {
  configureConnection(req);
  configureAccessRules(req);
}
