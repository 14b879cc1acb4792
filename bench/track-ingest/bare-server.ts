import http from "node:http";
import postgres from "postgres";

/**
 * The baselines: node:http and postgres.js, nothing else, one insert per request. No
 * validation, no lookups: the most a server on this machine can do. BENCH_BARE_TABLE=visits
 * inserts into Leadtrail's own visits table (its rollup triggers included); `plain` into a
 * table with no triggers and no secondary indexes: the machine's limit for one write.
 */
const sql = postgres(process.env.DATABASE_URL!, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const merchantId = process.env.BENCH_MERCHANT_ID!;
const port = Number(process.env.PORT);
const plain = process.env.BENCH_BARE_TABLE === "plain";

async function main() {
  if (plain) {
    await sql`create table if not exists bench_plain_visits (
      id bigint generated always as identity primary key, merchant_id text not null,
      visitor_id text not null, url text not null, referrer text,
      created_at timestamptz not null default now())`;
  }
  http
    .createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", async () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          if (plain) {
            await sql`insert into bench_plain_visits (merchant_id, visitor_id, url, referrer)
              values (${merchantId}, ${body.tid}, ${body.url}, ${body.referrer || null})`;
          } else {
            await sql`insert into visits (merchant_id, visitor_id, url, referrer)
              values (${merchantId}, ${body.tid}, ${body.url}, ${body.referrer || null})`;
          }
          res.writeHead(204).end();
        } catch {
          res.writeHead(400).end();
        }
      });
    })
    .listen(port, "127.0.0.1", () =>
      console.log(`bare server (${plain ? "plain" : "visits"}) listening on ${port}`),
    );
}

void main();
