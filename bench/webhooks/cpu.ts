import fs from "node:fs";
import { sql } from "drizzle-orm";
import type { createBenchDatabase } from "../track-ingest/processes";

type Db = Awaited<ReturnType<typeof createBenchDatabase>>["handle"]["db"];

/** CPU time of a local process in ms (utime + stime), or null where /proc cannot tell. */
function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of stat (counted from the pid): user and system time, in 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** The PostgreSQL backends serving the bench database (a local server only). */
async function backendCpu(db: Db): Promise<Map<number, number>> {
  const rows = (await db.execute(
    sql`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
  )) as unknown as { pid: number }[];
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = processCpuMs(pid);
    if (ms !== null) cpu.set(pid, ms);
  }
  return cpu;
}

export interface CpuSpent {
  /** The server under test, the bench process (load and Stripe simulator), and PostgreSQL. */
  server: number | null;
  bench: number;
  postgres: number | null;
}

/** Starts counting CPU; the returned function says how much each side spent since. */
export async function cpuMeter(db: Db, serverPid: number | undefined) {
  const server = processCpuMs(serverPid);
  const bench = process.cpuUsage();
  const pg = await backendCpu(db);
  return async (): Promise<CpuSpent> => {
    const serverAfter = processCpuMs(serverPid);
    const benchSpent = process.cpuUsage(bench);
    const pgAfter = await backendCpu(db);
    let postgres = 0;
    for (const [pid, ms] of pgAfter) postgres += ms - (pg.get(pid) ?? 0);
    return {
      server: server === null || serverAfter === null ? null : serverAfter - server,
      bench: (benchSpent.user + benchSpent.system) / 1000,
      postgres: pgAfter.size ? postgres : null,
    };
  };
}
