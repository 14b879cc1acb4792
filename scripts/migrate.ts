import { pathToFileURL } from "node:url";
import { appDatabase, MIGRATIONS_FOLDER } from "@/db";

/** Applies committed migrations to the configured database, whichever driver it uses. */
export async function migrateConfiguredDatabase(): Promise<void> {
  const handle = await appDatabase();
  // PGlite is migrated when opened; PostgreSQL here.
  if (handle.driver === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  migrateConfiguredDatabase()
    .then(async () => {
      console.log("Migrations applied.");
      await (await appDatabase()).close();
    })
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
