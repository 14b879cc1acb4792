/** Liveness for load balancers and uptime checks: answers without touching the database. */
export function GET() {
  return Response.json({ status: "ok" });
}
