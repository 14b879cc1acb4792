import { notFound } from "next/navigation";
import { connection } from "next/server";
import { MailTable } from "@/components/shared/mailbox";
import { Alert, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listMailMessages } from "@/db/queries/mail";
import { publicLocalMailbox } from "@/lib/mail/transport";

export const metadata = { title: "Local mailbox" };

/**
 * Local use only (no SMTP_URL, APP_URL on this machine): every caught message, signed in or not,
 * so a forgotten password can be reset on the README's first command. Anywhere else: not found.
 */
export default async function LocalMailboxPage() {
  await connection();
  if (!publicLocalMailbox()) notFound();
  const messages = await listMailMessages(await getDb(), { merchantId: null, limit: 100 });
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <PageHeader title="Local mailbox" description="Mail Leadtrail would have sent, newest first." />
      <div className="mb-4">
        <Alert>
          No mail server is configured (SMTP_URL), and Leadtrail runs on this machine only, so its mail is
          caught here. Set SMTP_URL to send real mail; this page then disappears.
        </Alert>
      </div>
      <MailTable messages={messages} hrefFor={(id) => `/mail/${id}`} emptyHint="Nothing was sent yet." />
    </main>
  );
}
