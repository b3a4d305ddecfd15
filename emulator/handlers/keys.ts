/** CSE key material: the emulator only stores and returns it, never decrypts. */
import { actorOf, ok, type Handler } from "./context";

export const userKeys: Handler = (c) => ok(c.store.userKeys(actorOf(c)));
export const masterKeyOptions: Handler = (c) => ok(c.store.masterKeyOptions(actorOf(c)));
export const publicKey: Handler = (c) => {
  actorOf(c);
  return ok(c.store.publicKey(c.params.id as string));
};
