import http from "node:http";
import postgres from "postgres";

/**
 * The baseline: node:http and postgres.js, nothing else, inserting the same visit row into
 * the same table. No validation, no lookups: the most a server on this machine can do.
 */
const sql = postgres(process.env.DATABASE_URL!, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const merchantId = process.env.BENCH_MERCHANT_ID!;
const port = Number(process.env.PORT);

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        await sql`insert into visits (merchant_id, visitor_id, url, referrer)
          values (${merchantId}, ${body.tid}, ${body.url}, ${body.referrer || null})`;
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  })
  .listen(port, "127.0.0.1", () => console.log(`bare server listening on ${port}`));
