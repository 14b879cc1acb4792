import http from "node:http";
import { getDb } from "@/db";
import { insertAffiliate } from "@/db/queries/affiliates";
import { findUserByEmail, membershipsForUser } from "@/db/queries/merchants";
import { hashPassword } from "@/lib/auth/password";

/**
 * Test-only control port of the end-to-end harness. It runs inside the app's process so it
 * can share the embedded database (which one process at a time may open). Never part of the app.
 */
export function startControlServer(port: number): http.Server {
  const routes: Record<string, (body: Record<string, string>) => Promise<unknown>> = {
    async "/affiliates"(body) {
      const db = await getDb();
      const user = await findUserByEmail(db, body.merchantEmail ?? "");
      const [membership] = user ? await membershipsForUser(db, user.id) : [];
      if (!membership) throw new Error("unknown merchant");
      const affiliate = await insertAffiliate(db, {
        merchantId: membership.merchantId,
        email: body.email!,
        code: body.code!,
        firstName: body.firstName ?? "Sam",
        passwordHash: body.password ? await hashPassword(body.password) : null,
      });
      return { id: affiliate.id, merchantId: membership.merchantId };
    },
  };
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const route = routes[req.url ?? ""];
      if (req.method !== "POST" || !route) return void res.writeHead(404).end();
      const result = await route(JSON.parse(Buffer.concat(chunks).toString() || "{}"));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  server.listen(port, "127.0.0.1");
  return server;
}
