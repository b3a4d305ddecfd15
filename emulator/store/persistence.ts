/**
 * Durability for `dataDir`: an append-only journal (one JSON line per committed request: the records it
 * put or deleted) plus a snapshot compacted from time to time via temp file + rename.
 *
 * - A durable line is fsynced before the request is answered; concurrent writers share one fsync
 *   (group commit). Audit-only lines (reads) are written without waiting for an fsync.
 * - Startup loads the snapshot and replays journal lines with a higher sequence number. A final
 *   fragment without its newline is a torn write that was never acknowledged: it is dropped. Any other
 *   damage stops startup with an error naming the file and line.
 */
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import type { Change, Db } from "./db";

export const SNAPSHOT_FILE = "snapshot.json";
export const JOURNAL_FILE = "journal.jsonl";

interface JournalLine {
  seq: number;
  reset?: true;
  changes: Change[];
}
interface Pending {
  text: string;
  durable: boolean;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class CorruptDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CorruptDataError";
  }
}

export class Journal {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private lazyTimer: NodeJS.Timeout | null = null;
  private linesSinceCompact = 0;
  private seq = 0;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private fh: fsp.FileHandle,
    private readonly db: Db,
    private readonly compactEvery: number,
  ) {}

  /** Opens (creating if needed) the data dir and replays it into `db`. */
  static async open(
    dir: string,
    db: Db,
    compactEvery = 2000,
  ): Promise<{ journal: Journal; restored: boolean }> {
    await fsp.mkdir(dir, { recursive: true });
    const snapPath = path.join(dir, SNAPSHOT_FILE);
    const journalPath = path.join(dir, JOURNAL_FILE);
    let seq = 0;
    let restored = false;
    const snapText = await readIfExists(snapPath);
    if (snapText !== null) {
      let snap: { seq?: unknown; collections?: unknown };
      try {
        snap = JSON.parse(snapText) as typeof snap;
        if (typeof snap.seq !== "number" || typeof snap.collections !== "object" || snap.collections === null)
          throw new Error("missing seq or collections");
        db.load(snap.collections as Record<string, unknown>);
      } catch (e) {
        throw new CorruptDataError(
          `${snapPath}: snapshot is corrupt (${(e as Error).message}); restore it from a backup or remove the data dir`,
        );
      }
      seq = snap.seq;
      restored = true;
    }
    const journalText = await readIfExists(journalPath);
    if (journalText !== null && journalText.length > 0) {
      const lines = journalText.split("\n");
      const tail = lines.pop() as string; // "" when the file ends with a newline
      lines.forEach((line, idx) => {
        let parsed: JournalLine;
        try {
          parsed = JSON.parse(line) as JournalLine;
          if (typeof parsed.seq !== "number" || !Array.isArray(parsed.changes))
            throw new Error("not a journal entry");
        } catch (e) {
          throw new CorruptDataError(
            `${journalPath} line ${idx + 1}: corrupt journal entry (${(e as Error).message}); the data dir cannot be loaded without losing acknowledged writes`,
          );
        }
        if (parsed.seq <= seq) return;
        if (parsed.reset) db.clear();
        db.apply(parsed.changes);
        seq = parsed.seq;
        restored = true;
      });
      if (tail.length > 0) {
        // Torn final write: never acknowledged (acks wait for the newline and the fsync). Drop it.
        await fsp.truncate(journalPath, Buffer.byteLength(journalText) - Buffer.byteLength(tail));
      }
    }
    const fh = await fsp.open(journalPath, "a");
    const j = new Journal(dir, fh, db, compactEvery);
    j.seq = seq;
    return { journal: j, restored };
  }

  /** Queues one committed request's changes; resolves once they are on disk (durable) or at once (lazy). */
  append(changes: Change[], opts: { durable: boolean; reset?: boolean }): Promise<void> {
    if (this.closed) return Promise.reject(new Error("journal is closed"));
    const line: JournalLine = { seq: ++this.seq, ...(opts.reset ? { reset: true as const } : {}), changes };
    const text = JSON.stringify(line) + "\n";
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ text, durable: opts.durable, resolve, reject });
      if (opts.durable) this.kick();
      else {
        resolve();
        this.lazyTimer ??= setTimeout(() => {
          this.lazyTimer = null;
          this.kick();
        }, 200);
      }
    });
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        await this.fh.write(batch.map((b) => b.text).join(""));
        if (batch.some((b) => b.durable)) await this.fh.datasync();
        for (const b of batch) b.resolve();
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
      this.linesSinceCompact += batch.length;
      if (this.linesSinceCompact >= this.compactEvery) await this.compactNow();
    }
  }

  /** Snapshot of the current state via temp file + fsync + rename, then an empty journal. */
  private async compactNow(): Promise<void> {
    const snapPath = path.join(this.dir, SNAPSHOT_FILE);
    const tmp = `${snapPath}.tmp-${process.pid}`;
    const text = JSON.stringify({ format: 1, seq: this.seq, collections: this.db.dump() });
    const fh = await fsp.open(tmp, "w");
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, snapPath);
    const dirFh = await fsp.open(this.dir, "r");
    try {
      await dirFh.sync();
    } finally {
      await dirFh.close();
    }
    await this.fh.truncate(0);
    this.linesSinceCompact = 0;
  }

  /** Waits for queued lines (lazy ones too) to reach the disk. */
  async drain(): Promise<void> {
    if (this.lazyTimer) {
      clearTimeout(this.lazyTimer);
      this.lazyTimer = null;
    }
    this.kick();
    while (this.flushing) await this.flushing;
  }

  async compact(): Promise<void> {
    await this.drain();
    this.flushing = this.compactNow().finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    await this.fh.close();
  }
}

async function readIfExists(p: string): Promise<string | null> {
  try {
    return await fsp.readFile(p, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}
