/** Per-server state of the control plane: injected faults, the request log and traffic statistics. */

export interface Fault {
  method?: string | undefined;
  /** Exact path, or a prefix ending with `*`. */
  path: string;
  remaining: number;
  kind: "status" | "delay" | "reset" | "resetAfterCommit";
  status?: number | undefined;
  retryAfter?: number | undefined;
  delayMs?: number | undefined;
}

export interface LoggedRequest {
  method: string;
  path: string;
  route: string | null;
  status: number;
  time: number;
  durationMs: number;
  principalId: string | null;
}

const MAX_LOG = 10_000;

export class ControlState {
  faults: Fault[] = [];
  requests: LoggedRequest[] = [];
  counts = new Map<string, number>();
  inFlight = 0;
  peakInFlight = 0;
  connectionsOpened = 0;

  /** Takes one shot of the first fault matching this call, if any. */
  takeFault(method: string, path: string): Fault | null {
    for (const f of this.faults) {
      if (f.remaining <= 0) continue;
      if (f.method && f.method.toUpperCase() !== method) continue;
      const match = f.path.endsWith("*") ? path.startsWith(f.path.slice(0, -1)) : path === f.path;
      if (!match) continue;
      f.remaining -= 1;
      this.faults = this.faults.filter((x) => x.remaining > 0);
      return f;
    }
    return null;
  }

  log(entry: LoggedRequest): void {
    this.requests.push(entry);
    if (this.requests.length > MAX_LOG) this.requests.splice(0, this.requests.length - MAX_LOG);
    const key = `${entry.method} ${entry.route ?? entry.path}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  stats() {
    return {
      counts: Object.fromEntries([...this.counts.entries()].sort()),
      inFlight: this.inFlight,
      peakInFlight: this.peakInFlight,
      connectionsOpened: this.connectionsOpened,
      totalRequests: [...this.counts.values()].reduce((a, b) => a + b, 0),
    };
  }
}
