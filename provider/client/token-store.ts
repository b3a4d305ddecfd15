/**
 * Where a rotated token pair survives the process (refreshMode "pair" kills the configured pair, so
 * the next run must start from the rotated one). `FileTokenStore` writes JSON with mode 0600,
 * atomically (temp file + rename), so a crash never leaves half a file.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";

export const StoredTokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  accessTokenExpiredAt: z.number().optional(),
  refreshTokenExpiredAt: z.number().optional(),
  /** Fingerprint (sha256) of the configured refresh token this chain of rotations started from. */
  origin: z.string(),
  savedAt: z.number(),
});
export type StoredTokens = z.infer<typeof StoredTokensSchema>;

export interface TokenStore {
  load(): Promise<StoredTokens | undefined>;
  save(tokens: StoredTokens): Promise<void>;
}

export class FileTokenStore implements TokenStore {
  constructor(readonly filePath: string) {}

  async load(): Promise<StoredTokens | undefined> {
    let text: string;
    try {
      text = await readFile(this.filePath, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return undefined; // an unreadable store is ignored: the configured pair is used instead
    }
    const parsed = StoredTokensSchema.safeParse(json);
    return parsed.success ? parsed.data : undefined;
  }

  async save(tokens: StoredTokens): Promise<void> {
    await mkdir(dirname(this.filePath), { recursive: true, mode: 0o700 });
    const temp = `${this.filePath}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, JSON.stringify(tokens), { mode: 0o600, flag: "wx" });
      await rename(temp, this.filePath);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw e;
    }
  }
}
