import type { Database } from "@/db";

export interface Command {
  usage: string;
  run(db: Database, argv: string[]): Promise<unknown>;
}

export function helpText(commands: Record<string, Command>): string {
  return [
    "Usage: npm run cli -- <command> [flags]",
    "",
    ...Object.values(commands).map((c) => `  ${c.usage}`),
  ].join("\n");
}
