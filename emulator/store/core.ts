/** What every store module gets: the tables, the mode, and the audit writer. */
import { Db } from "./db";
import type { UserRec } from "./model";
import { newObjectId, nowSeconds } from "./ids";

export interface StoreOptions {
  clientSideEncryption: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

export class StoreCore {
  readonly db = new Db();
  constructor(readonly options: StoreOptions) {}

  get cse(): boolean {
    return this.options.clientSideEncryption;
  }

  audit(
    actor: UserRec,
    action: string,
    objectType: string,
    objectId: string,
    vaultId?: string | null,
    details?: Record<string, unknown>,
  ): void {
    this.db.put("audit", {
      id: newObjectId(),
      createdAt: nowSeconds(),
      userId: actor.id,
      login: actor.login,
      action,
      objectType,
      objectId,
      ...(vaultId ? { vaultId } : {}),
      ...(details ? { details } : {}),
    });
  }
}
