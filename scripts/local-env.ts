import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { launchSettings } from "@/lib/env";

/**
 * Local use needs no configuration: secrets are generated once into the data folder and
 * reused, so sessions and encrypted tokens survive restarts. Production must set them.
 */
export function applyLocalDefaults(): void {
  const dataDir = path.resolve(launchSettings().LEADTRAIL_DATA_DIR);
  const file = path.join(dataDir, "local-secrets.json");
  fs.mkdirSync(dataDir, { recursive: true });
  let secrets: Record<string, string> = {};
  if (fs.existsSync(file)) secrets = JSON.parse(fs.readFileSync(file, "utf8"));
  secrets.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  secrets.ENCRYPTION_KEY ??= randomBytes(32).toString("hex");
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  for (const [key, value] of Object.entries(secrets)) process.env[key] ||= value;
}
