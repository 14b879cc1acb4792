import Stripe from "stripe";

export interface LoadResult {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

const signer = new Stripe("sk_unused");

/** Sends each body once, `concurrency` at a time, signing as Stripe does at send time. */
export async function run(
  requests: { url: string; body?: string }[],
  options: { concurrency: number; secret?: string },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (request.body && options.secret) {
        headers["stripe-signature"] = signer.webhooks.generateTestHeaderString({
          payload: request.body,
          secret: options.secret,
          timestamp: Math.floor(Date.now() / 1000),
        });
      }
      const t0 = performance.now();
      const res = await fetch(
        request.url,
        request.body ? { method: "POST", body: request.body, headers } : {},
      );
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    count: requests.length,
    seconds,
    perSecond: requests.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    failures,
  };
}
