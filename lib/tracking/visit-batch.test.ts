import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertVisits, type VisitRow } from "@/db/queries/tracking";
import { visitors, visits } from "@/db/schema";
import { SHOP, tid, trackingTestbed, visitBody } from "./api-testing";
import { GroupCommit } from "./visit-batch";

/** Group commit of visits: fewer statements, every row stored once, nothing answered early. */
const { bed, call } = trackingTestbed();

const OPTIONS = { maxRows: 200, maxWaitMs: 2, maxInFlight: 1 };

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flushed = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the batcher", () => {
  it("answers a request only once the batch holding its row has been written", async () => {
    const writes: { rows: string[]; done: ReturnType<typeof deferred> }[] = [];
    const batcher = new GroupCommit<string>((rows) => {
      const done = deferred();
      writes.push({ rows, done });
      return done.promise;
    }, OPTIONS);
    const answered: string[] = [];
    const first = batcher.add("a", "a").then(() => answered.push("a"));
    // Written at once: nothing else is in flight. Rows arriving meanwhile wait for it.
    const rest = ["b", "c", "d"].map((row) => batcher.add(row, row).then(() => answered.push(row)));
    await flushed();
    expect(writes.map((w) => w.rows)).toEqual([["a"]]);
    expect(answered).toEqual([]);
    writes[0]!.done.resolve();
    await first;
    expect(answered).toEqual(["a"]);
    await flushed();
    // The three that waited go in one statement, and none is answered before it is written.
    expect(writes.map((w) => w.rows)).toEqual([["a"], ["b", "c", "d"]]);
    expect(answered).toEqual(["a"]);
    writes[1]!.done.resolve();
    await Promise.all(rest);
    expect(answered.sort()).toEqual(["a", "b", "c", "d"]);
  });

  it("puts a repeated key in a later batch, in arrival order", async () => {
    const writes: string[][] = [];
    const batcher = new GroupCommit<string>(async (rows) => void writes.push(rows), OPTIONS);
    await Promise.all(["x1", "y1", "x2", "z1", "x3"].map((row) => batcher.add(row, row[0]!)));
    expect(writes.flat().sort()).toEqual(["x1", "x2", "x3", "y1", "z1"]);
    for (const batch of writes) expect(new Set(batch.map((r) => r[0])).size).toBe(batch.length);
    const xs = writes.flat().filter((r) => r.startsWith("x"));
    expect(xs).toEqual(["x1", "x2", "x3"]);
  });

  it("with several batches in flight, starts a repeated key's batch only after the earlier ones", async () => {
    const writes: { rows: string[]; done: ReturnType<typeof deferred> }[] = [];
    const batcher = new GroupCommit<string>(
      (rows) => {
        const done = deferred();
        writes.push({ rows, done });
        return done.promise;
      },
      { maxRows: 200, maxWaitMs: 2, maxInFlight: 3 },
    );
    const all = ["x1", "y1", "x2", "z1"].map((row) => batcher.add(row, row[0]!));
    await new Promise((resolve) => setTimeout(resolve, 10));
    // x1 went at once, y1 when x2 closed its batch; x2 (and z1 after it) wait for both.
    expect(writes.map((w) => w.rows)).toEqual([["x1"], ["y1"]]);
    writes[0]!.done.resolve();
    await flushed();
    expect(writes).toHaveLength(2);
    writes[1]!.done.resolve();
    await flushed();
    expect(writes.map((w) => w.rows)).toEqual([["x1"], ["y1"], ["x2", "z1"]]);
    writes[2]!.done.resolve();
    await Promise.all(all);
  });

  it("fails a whole batch on an error that is not a row's fault", async () => {
    const writes: string[][] = [];
    const batcher = new GroupCommit<string>(async (rows) => {
      writes.push(rows);
      throw Object.assign(new Error("connection lost"), { code: "08006" });
    }, OPTIONS);
    const results = await Promise.allSettled(["a", "b", "c"].map((r) => batcher.add(r, r)));
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    // Not retried row by row: the statement may have committed before the connection went.
    expect(writes).toEqual([["a"], ["b", "c"]]);
  });
});

describe("visits through the batcher", () => {
  function countVisitStatements() {
    const client = (bed.handle.db as unknown as { $client: Record<string, unknown> }).$client;
    const name = typeof client.unsafe === "function" ? "unsafe" : "query";
    const original = client[name] as (query: string, ...rest: unknown[]) => unknown;
    const counter = {
      statements: 0,
      restore: () => {
        client[name] = original;
      },
    };
    client[name] = (query: string, ...rest: unknown[]) => {
      if (/insert into visits/i.test(query)) counter.statements++;
      return original.call(client, query, ...rest);
    };
    return counter;
  }

  const storedFor = async (visitorId: string) =>
    (
      await bed.handle.db
        .select({ n: sql<number>`count(*)::int` })
        .from(visits)
        .where(and(eq(visits.merchantId, bed.shop.id), eq(visits.visitorId, visitorId)))
    )[0]!.n;

  it("stores concurrent visits in fewer statements, each row exactly once", async () => {
    const counter = countVisitStatements();
    const n = 60;
    try {
      const answers = await Promise.all(
        Array.from({ length: n }, (_, i) => call("visit", visitBody({ tid: tid(`batch-${i}`) }))),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(n).fill(204));
    } finally {
      counter.restore();
    }
    expect(counter.statements).toBeGreaterThan(0);
    expect(counter.statements).toBeLessThan(n / 4);
    for (let i = 0; i < n; i++) expect(await storedFor(tid(`batch-${i}`))).toBe(1);
    // The affiliate's link credited each new visitor, as a visit on its own does.
    const [credited] = await bed.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(visitors)
      .where(and(eq(visitors.merchantId, bed.shop.id), eq(visitors.affiliateId, bed.sam.id)));
    expect(credited!.n).toBeGreaterThanOrEqual(n);
  });

  it("stores a visitor's repeated visits once each, in separate statements", async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call("visit", visitBody({ tid: tid("repeat") }))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(204));
    expect(await storedFor(tid("repeat"))).toBe(5);
  });

  it("has the row stored by the time the request is answered", async () => {
    const ids = Array.from({ length: 20 }, (_, i) => tid(`answered-${i}`));
    await Promise.all(
      ids.map(async (id) => {
        const answer = await call("visit", visitBody({ tid: id }));
        expect(answer.status).toBe(204);
        expect(await storedFor(id)).toBe(1);
      }),
    );
  });

  it("fails only the bad row of a batch and stores the others", async () => {
    const target = { merchantId: bed.shop.id, model: "first_touch" as const, windowDays: 60 };
    const batcher = new GroupCommit<VisitRow>((rows) => insertVisits(bed.handle.db, target, rows), OPTIONS);
    const row = (id: string, referrer: string | null = null): VisitRow => ({
      visitorId: id,
      affiliateId: null,
      url: "https://shop.example/",
      referrer,
      now: new Date(),
      ipHash: null,
      uaHash: null,
    });
    // Held behind one visit in flight, the next four share a batch; one carries a NUL byte,
    // which PostgreSQL refuses in text (SQLSTATE 22021).
    const ids = ["bad-0", "bad-1", "bad-2", "bad-3", "bad-4"].map((s) => tid(s));
    const results = await Promise.allSettled(
      ids.map((id, i) => batcher.add(row(id, i === 2 ? "https://x.example/\u0000" : null), id)),
    );
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    expect(await Promise.all(ids.map(storedFor))).toEqual([1, 1, 0, 1, 1]);
  });

  it("still refuses bad input before any batching, storing nothing", async () => {
    const answer = await call("visit", { key: SHOP, tid: "<script>", url: "https://shop.example/" });
    expect(answer.status).toBe(400);
  });
});
