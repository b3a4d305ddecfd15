import { ok, type Handler } from "./context";

export const features: Handler = (c) => ok(c.store.features());
export const settings: Handler = (c) => ok(c.store.settings());
export const vaultTypes: Handler = (c) => ok({ items: c.store.vaultTypes() });
export const vaultTypeAdministrators: Handler = (c) =>
  ok({ items: c.store.vaultTypeAdministrators(c.params.id as string) });
