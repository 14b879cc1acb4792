import { env } from "@/lib/env";

/** An absolute link into Leadtrail, built from APP_URL (mail is read outside the app). */
export function appLink(path: string, params: Record<string, string> = {}): string {
  const url = new URL(path, env().APP_URL);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** The affiliate portal's sign-in page, with the program chosen (an email may be in several). */
export function portalSignInLink(programSlug: string): string {
  return appLink("/portal", { program: programSlug });
}

/** Names come from users: one line in a subject, whatever they typed. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

/** "Mar 1, 2026" (UTC, like every date Leadtrail shows). */
export function mailDate(date: Date): string {
  return date.toLocaleDateString("en-US", { timeZone: "UTC", dateStyle: "medium" });
}
