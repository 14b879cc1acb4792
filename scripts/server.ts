import http from "node:http";
import next from "next";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { jobRunnerConfig } from "@/lib/jobs/config";
import { startJobRunner, stopJobRunner } from "@/lib/jobs/runner";
import { appTrackLimiter, limitStore } from "@/lib/limits";
import { CLIENT_IP_HEADER, clientIp, trustedProxies } from "@/lib/limits/client-ip";
import { startScheduler } from "@/lib/sales/scheduled-work";
import { securityHeaders } from "@/lib/security-headers.mjs";
import { reconcileOnStart } from "@/lib/stripe/reconcile-startup";
import { isWebhookRequest, serveStripeWebhook } from "@/lib/stripe/webhooks/node";
import { isTrackingPath, serveTracking } from "@/lib/tracking/node";
import { appJobDeps } from "@/lib/wiring/jobs";

/**
 * Every response gets the security headers (SPEC §13) before anything else writes: the fast
 * paths never reach Next's `headers()`, and HSTS depends on the APP_URL this process runs with.
 */
export function requestListener(options: {
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  headers: Record<string, string>;
  db?: typeof getDb;
  trustedProxies?: string;
}): http.RequestListener {
  const headers = Object.entries(options.headers);
  const db = options.db ?? getDb;
  const trusted = trustedProxies(options.trustedProxies ?? env().TRUSTED_PROXIES);
  return (req, res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    // Overwritten on every request: route handlers and limits read the client's address here.
    req.headers[CLIENT_IP_HEADER] = clientIp(
      req.socket.remoteAddress,
      req.headers["x-forwarded-for"],
      trusted,
    );
    // Tracking and Stripe's deliveries are most of the load and need nothing from Next.
    const work = isTrackingPath(req.url)
      ? serveTracking(req, res, db)
      : isWebhookRequest(req)
        ? serveStripeWebhook(req, res, db)
        : options.handle(req, res);
    work.catch((error) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
    });
  };
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Leadtrail's HTTP server: Next.js for pages and route handlers. A custom server (rather
 * than `next start`) so hot paths can be answered before the framework when they need to.
 */
export async function startServer(options: {
  dev: boolean;
  port: number;
  hostname?: string;
}): Promise<RunningServer> {
  const hostname = options.hostname ?? "0.0.0.0";
  const app = next({ dev: options.dev, dir: process.cwd(), hostname, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer(
    requestListener({ handle, headers: securityHeaders({ appUrl: env().APP_URL, dev: options.dev }) }),
  );
  await new Promise<void>((resolve) => server.listen(options.port, hostname, resolve));
  const stopScheduler = startScheduler(getDb);
  // Tracking limits are counted in memory and shared through the store once a second.
  const limits = await limitStore();
  if (limits.shared) appTrackLimiter().startSync(limits);
  // Durable background jobs (coupon sync): this process works the queue unless LEADTRAIL_JOBS=off.
  const jobs = jobRunnerConfig();
  if (jobs.enabled) startJobRunner(getDb, appJobDeps(), jobs.options);
  // Stripe events missed while no server was running: queued, never awaited (start is not held up).
  void reconcileOnStart(getDb);
  return {
    url: `http://localhost:${options.port}`,
    close: async () => {
      stopScheduler();
      appTrackLimiter().stop();
      await stopJobRunner();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
