import { BatchParams } from "../../protocol";
import { actorOf, ok, parse, type Handler } from "./context";

/** Each sub-request runs as the caller with the same access checks; bodies are plain JSON. */
export const batch: Handler = async (c) => {
  const actor = actorOf(c);
  const p = parse(BatchParams, c.body);
  const responses: { statusCode: number; body: unknown }[] = [];
  for (const r of p.requests) {
    const reply = await c.dispatchGet(r.relativeUrl, actor);
    responses.push({ statusCode: reply.status, body: reply.body });
  }
  return ok({ responses });
};
