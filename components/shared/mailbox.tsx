import Link from "next/link";
import { StatusPill } from "@/components/shared/status-pill";
import { EmptyState } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { MailMessage } from "@/db/schema";
import { formatDateTime } from "@/lib/format";

/** The outbox as a list (the dashboard's Sent mail page and the local mailbox share it). */
export function MailTable({
  messages,
  hrefFor,
  emptyHint,
}: {
  messages: MailMessage[];
  hrefFor: (id: string) => string;
  emptyHint: string;
}) {
  if (messages.length === 0) return <EmptyState title="No mail yet">{emptyHint}</EmptyState>;
  return (
    <Table
      label="Sent mail"
      head={
        <>
          <Th>To</Th>
          <Th>Subject</Th>
          <Th>Status</Th>
          <Th>Queued</Th>
        </>
      }
    >
      {messages.map((m) => (
        <tr key={m.id}>
          <Td className="text-slate-900">{m.toAddress}</Td>
          <Td>
            <Link className="text-brand-600 hover:underline" href={hrefFor(m.id)}>
              {m.subject}
            </Link>
          </Td>
          <Td>
            <StatusPill kind="mail" status={m.status} />
            {m.status === "queued" && m.attempts > 0 && (
              <span className="ml-2 text-xs text-slate-500">retrying ({m.attempts} tries)</span>
            )}
          </Td>
          <Td className="whitespace-nowrap">{formatDateTime(m.createdAt)}</Td>
        </tr>
      ))}
    </Table>
  );
}

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** A plain-text body with its links clickable (React escapes the rest). */
function LinkedText({ text }: { text: string }) {
  return (
    <pre className="whitespace-pre-wrap break-words rounded-md bg-slate-50 p-4 font-sans text-sm text-slate-800">
      {text.split(URL_PATTERN).map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
          <a key={i} href={part} className="text-brand-600 underline">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

export function MailDetail({
  message,
  bodies,
}: {
  message: MailMessage;
  bodies: { text: string; html: string };
}) {
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
        <dt className="text-slate-500">To</dt>
        <dd className="text-slate-900">{message.toAddress}</dd>
        <dt className="text-slate-500">Subject</dt>
        <dd className="text-slate-900">{message.subject}</dd>
        <dt className="text-slate-500">Status</dt>
        <dd>
          <StatusPill kind="mail" status={message.status} />{" "}
          <span className="text-slate-600">
            {message.transport === "local" ? "caught in the local mailbox" : ""}
            {message.transport === "smtp" ? "accepted by the mail server" : ""}
            {message.sentAt ? ` ${formatDateTime(message.sentAt)}` : ""}
          </span>
        </dd>
        <dt className="text-slate-500">Attempts</dt>
        <dd className="text-slate-900">{message.attempts}</dd>
        {message.lastError && (
          <>
            <dt className="text-slate-500">Last error</dt>
            <dd className="text-red-700">{message.lastError}</dd>
          </>
        )}
      </dl>
      {bodies.text === "" ? (
        <p className="text-sm text-slate-600">
          This message held a private link, so its body was removed once the mail server accepted it.
        </p>
      ) : (
        <>
          <section aria-label="Plain text">
            <h2 className="mb-2 text-sm font-semibold text-slate-800">Plain text</h2>
            <LinkedText text={bodies.text} />
          </section>
          <section aria-label="HTML">
            <h2 className="mb-2 text-sm font-semibold text-slate-800">HTML</h2>
            {/* Sandboxed with no permissions: the message's HTML can run nothing and reach nothing. */}
            <iframe
              title="HTML body"
              sandbox=""
              srcDoc={bodies.html}
              className="h-96 w-full rounded-md border border-slate-200 bg-white"
            />
          </section>
        </>
      )}
    </div>
  );
}
