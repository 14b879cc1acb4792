import { appDatabase, getDb } from "@/db";
import { jobRunnerConfig } from "@/lib/jobs/config";
import { startJobRunner, stopJobRunner } from "@/lib/jobs/runner";
import { appJobDeps } from "@/lib/wiring/jobs";

/**
 * `npm run jobs`: a background-job worker on its own, for PostgreSQL deployments that want job
 * processing apart from the web servers (set LEADTRAIL_JOBS=off on those). Workers share the
 * queue safely; a worker that dies leaves its jobs to be taken over once their locks go stale.
 */
async function main() {
  const { options } = jobRunnerConfig();
  startJobRunner(getDb, appJobDeps(), options);
  console.log(`Leadtrail job worker running (pid ${process.pid})`);
  const stop = async () => {
    await stopJobRunner();
    await (await appDatabase()).close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
