import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server for tests: accepts anything, keeps what arrived parsed. It can be stopped and
 * started again on the same port, to play a mail server that goes away and comes back.
 */
export interface TestSmtp {
  url: string;
  port: number;
  received: ParsedMail[];
  /** Waits for a message matching `match` (all arrived so far count). */
  waitFor(match: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /** Refuses connections until start() again. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startTestSmtp(
  options: { reject?: (to: string) => number | null } = {},
): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  let server: SMTPServer | null = null;
  let port = 0;

  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        const code = options.reject?.(address.address) ?? null;
        if (code === null) return callback();
        const error = Object.assign(new Error(`Mailbox unavailable (${code})`), { responseCode: code });
        callback(error);
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            for (const wake of waiters) wake();
            callback();
          })
          .catch(callback);
      },
    });

  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = make();
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server!.server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });

  await start();
  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    received,
    start,
    stop,
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`no matching mail within ${timeoutMs} ms (${received.length} arrived)`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, left);
        });
      }
    },
  };
}

/** The first link in a message's text body that starts with `prefix`. */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const link = (mail.text ?? "").split(/\s+/).find((word) => word.startsWith(prefix));
  if (!link) throw new Error(`no ${prefix} link in: ${mail.text}`);
  return link;
}
