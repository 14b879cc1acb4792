import { headers } from "next/headers";
import { CLIENT_IP_HEADER } from "./client-ip";

/** The client's address inside a server action or page (written by scripts/server.ts). */
export async function requestIp(): Promise<string> {
  return (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
}
