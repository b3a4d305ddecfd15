/** Attachments, shortcuts, links, inbox items, health check: the rest of what the official client calls. */
import { HealthCheckParams, LinkCreateParams, ShortcutCreateParams } from "../../protocol";
import { actorOf, ok, parse, type Handler } from "./context";
import { searchQueryOf } from "./items";

export const attachment: Handler = (c) =>
  ok(c.store.getAttachment(actorOf(c), c.params.id as string, c.params.attachmentId as string));
export const snapshotAttachment: Handler = (c) =>
  ok(
    c.store.getSnapshotAttachment(actorOf(c), c.params.snapshotId as string, c.params.attachmentId as string),
  );

export const createShortcut: Handler = (c) =>
  ok({ id: c.store.createShortcut(actorOf(c), parse(ShortcutCreateParams, c.body)) });
export const getShortcut: Handler = (c) => ok(c.store.getShortcut(actorOf(c), c.params.id as string));
export const searchShortcuts: Handler = (c) =>
  ok({ items: c.store.searchShortcuts(actorOf(c), searchQueryOf(c.query)) });
export const deleteShortcut: Handler = (c) =>
  ok({ binItemId: c.store.deleteShortcut(actorOf(c), c.params.id as string) });

/** The link's URL is built on the host the caller used (like the product's own base URL). */
export const createLink: Handler = (c) => {
  const base = `http://${c.headers.host ?? "127.0.0.1"}`;
  return ok({ url: c.store.createLink(actorOf(c), parse(LinkCreateParams, c.body), base) });
};

export const inboxItem: Handler = (c) => ok(c.store.getInboxItem(actorOf(c), c.params.id as string));

export const newMasterKeyOptions: Handler = (c) => {
  actorOf(c);
  return ok(c.store.newMasterKeyOptions());
};

/**
 * Unauthenticated. The vendor's body carries a `token` (an instance setting); the emulator has no such
 * setting and accepts any string, answering the vendor's healthy shape.
 */
export const healthCheck: Handler = (c) => {
  parse(HealthCheckParams, c.body ?? {});
  return ok({ states: { mongodb: "ok" }, errors: [] });
};
