import { appDatabase } from "@/db";
import { helpText } from "@/lib/cli/command";
import { commands } from "@/lib/wiring/commands";
import { migrateConfiguredDatabase } from "./migrate";

/** `npm run cli -- <command> ...`: prints JSON on success, a one-line error (exit 1) otherwise. */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help") {
    console.log(helpText(commands));
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${helpText(commands)}`);
    return 1;
  }
  try {
    await migrateConfiguredDatabase();
    const result = await command.run((await appDatabase()).db, rest);
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await (await appDatabase().catch(() => null))?.close();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
