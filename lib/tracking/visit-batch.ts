import type { Database } from "@/db";
import { insertVisits, type VisitRow, type VisitTarget } from "@/db/queries/tracking";
import { env } from "@/lib/env";

/**
 * Group commit for the visit endpoint: visits arriving close together are stored by one
 * multi-row statement, so the round trip, the commit and the rollup triggers (which are
 * statement-level) are paid once per batch instead of once per visit. A request is answered
 * only after the statement holding its visit has committed: nothing is acknowledged that is not
 * stored.
 *
 * One batcher per merchant and attribution settings. A visit that finds nothing in flight is
 * written at once, so a quiet site waits for nothing; visits that arrive while a batch commits
 * form the next one, written as soon as a slot frees (by default one batch in flight: the
 * batch size then follows the load by itself, up to maxRows). With more slots, a batch that
 * could start waits up to maxWaitMs to fill. A visitor appears at most once per batch; a repeat
 * goes to a later batch that starts only after every earlier one, so one visitor's visits are
 * applied in arrival order.
 *
 * When a batch fails because of a row (a data or constraint error, SQLSTATE class 22 or 23),
 * its rows are retried one by one so the bad row fails alone and the others are stored. Any
 * other error (connection lost, timeout) fails the whole batch: the statement may or may not
 * have committed, and retrying could store a visit twice, so every request gets the error.
 */
export interface GroupCommitOptions {
  /** A batch holding this many rows is written at once. */
  maxRows: number;
  /** With maxInFlight > 1: how long a batch may wait to fill while another is in flight. */
  maxWaitMs: number;
  /** Batches written at the same time (each on its own connection from the pool). */
  maxInFlight: number;
}

/** The visit batches' settings (TRACK_BATCH_WAIT_MS, TRACK_BATCH_IN_FLIGHT in lib/env.ts). */
export function visitBatchOptions(): GroupCommitOptions {
  const { TRACK_BATCH_WAIT_MS, TRACK_BATCH_IN_FLIGHT } = env();
  return { maxRows: 200, maxWaitMs: TRACK_BATCH_WAIT_MS, maxInFlight: TRACK_BATCH_IN_FLIGHT };
}

interface Entry<T> {
  row: T;
  key: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Batch<T> {
  entries: Entry<T>[];
  keys: Set<string>;
  openedAt: number;
  /** Holds a key an earlier batch also holds: starts only once every earlier batch is done. */
  barrier: boolean;
}

/** Errors that a single row causes: invalid data (class 22) or a violated constraint (23). */
export function isRowError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^2[23][0-9A-Z]{3}$/.test(code);
}

export class GroupCommit<T> {
  private readonly pending: Batch<T>[] = [];
  /** How many rows of each key are pending or in flight. */
  private readonly held = new Map<string, number>();
  private inFlight = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly write: (rows: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions = visitBatchOptions(),
    private readonly onIdle: () => void = () => {},
  ) {}

  /** Resolves once `row` is committed; `key` names what may appear only once per batch. */
  add(row: T, key: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const repeat = this.held.has(key);
      let batch = this.pending.at(-1);
      if (
        !batch ||
        batch.entries.length >= this.options.maxRows ||
        (repeat && (batch.keys.has(key) || !batch.barrier))
      ) {
        batch = { entries: [], keys: new Set(), openedAt: performance.now(), barrier: repeat };
        this.pending.push(batch);
      }
      batch.entries.push({ row, key, resolve, reject });
      batch.keys.add(key);
      this.held.set(key, (this.held.get(key) ?? 0) + 1);
      this.schedule();
    });
  }

  private schedule() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight < this.options.maxInFlight) {
      const head = this.pending[0];
      if (!head) {
        if (this.inFlight === 0) this.onIdle();
        return;
      }
      if (head.barrier && this.inFlight > 0) return;
      // Written at once when nothing else is in flight, when full, or when closed by a later
      // batch; otherwise it gathers rows for up to maxWaitMs.
      const wait = head.openedAt + this.options.maxWaitMs - performance.now();
      const ready =
        this.inFlight === 0 ||
        this.pending.length > 1 ||
        head.entries.length >= this.options.maxRows ||
        wait <= 0;
      if (!ready) {
        this.timer = setTimeout(() => this.schedule(), wait);
        return;
      }
      this.pending.shift();
      this.inFlight++;
      void this.writeBatch(head.entries).finally(() => {
        this.inFlight--;
        for (const e of head.entries) {
          const n = this.held.get(e.key)! - 1;
          if (n === 0) this.held.delete(e.key);
          else this.held.set(e.key, n);
        }
        this.schedule();
      });
    }
  }

  private async writeBatch(entries: Entry<T>[]) {
    try {
      await this.write(entries.map((e) => e.row));
      for (const e of entries) e.resolve();
      return;
    } catch (error) {
      if (entries.length === 1 || !isRowError(error)) {
        for (const e of entries) e.reject(error);
        return;
      }
    }
    // The statement failed as a whole, so none of its rows is stored: each is tried alone.
    for (const e of entries) {
      try {
        await this.write([e.row]);
        e.resolve();
      } catch (error) {
        e.reject(error);
      }
    }
  }
}

/** The batchers of each open database, by merchant and attribution settings. */
const batchers = new WeakMap<Database, Map<string, GroupCommit<VisitRow>>>();

/**
 * Stores one visit through its merchant's batch and resolves once it is committed. `db` must be
 * the database itself, not a transaction: the batch is written on its own.
 */
export function storeVisit(db: Database, target: VisitTarget, row: VisitRow): Promise<void> {
  let byTarget = batchers.get(db);
  if (!byTarget) {
    byTarget = new Map();
    batchers.set(db, byTarget);
  }
  const name = `${target.merchantId}\u0000${target.model}\u0000${target.windowDays}`;
  let batcher = byTarget.get(name);
  if (!batcher) {
    const map = byTarget;
    const created: GroupCommit<VisitRow> = new GroupCommit<VisitRow>(
      (rows) => insertVisits(db, target, rows),
      visitBatchOptions(),
      () => {
        if (map.get(name) === created) map.delete(name);
      },
    );
    batcher = created;
    byTarget.set(name, batcher);
  }
  return batcher.add(row, row.visitorId);
}
