import { MailTable } from "@/components/shared/mailbox";
import { Alert, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listMailMessages } from "@/db/queries/mail";
import { requireMerchant } from "@/lib/auth/session";
import { mailTransport } from "@/lib/mail/transport";

export const metadata = { title: "Sent mail" };

const PAGE = 50;

export default async function SentMailPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const { merchantId } = await requireMerchant();
  const before = Number((await searchParams).before) || undefined;
  const messages = await listMailMessages(await getDb(), { merchantId, before, limit: PAGE });
  const next = messages.length === PAGE ? messages.at(-1)!.seq : null;
  return (
    <>
      <PageHeader
        title="Sent mail"
        description="Every message Leadtrail sent for your program, and how it went."
      />
      {mailTransport() === "local" && (
        <div className="mb-4">
          <Alert>
            No mail server is configured (SMTP_URL), so messages are caught here instead of sent. Open one to
            read it and follow its links.
          </Alert>
        </div>
      )}
      <MailTable
        messages={messages}
        hrefFor={(id) => `/dashboard/mail/${id}`}
        emptyHint="Invitations, payout notices and the like appear here once Leadtrail sends them."
      />
      {(next || before) && (
        <nav aria-label="Pagination" className="mt-4 flex gap-3 text-sm">
          {before && (
            <a className="text-brand-600 hover:underline" href="/dashboard/mail">
              Newest
            </a>
          )}
          {next && (
            <a className="text-brand-600 hover:underline" href={`/dashboard/mail?before=${next}`}>
              Older
            </a>
          )}
        </nav>
      )}
    </>
  );
}
