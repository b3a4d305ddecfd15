/**
 * The one entry point the shim's `configure` calls: the stack config becomes the settings source of
 * this process (connection, check-time settings and access rules alike; provider/settings/). It loads
 * no client: a preview builds none.
 */
export { configure } from "./settings/source";
