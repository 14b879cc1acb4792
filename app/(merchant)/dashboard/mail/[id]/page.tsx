import Link from "next/link";
import { notFound } from "next/navigation";
import { MailDetail } from "@/components/shared/mailbox";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { findMailMessage } from "@/db/queries/mail";
import { requireMerchant } from "@/lib/auth/session";
import { mailBodies } from "@/lib/mail/outbox";

export const metadata = { title: "Message" };

const PRIVATE = "This message holds a private link; only the program's owners can open it.";

export default async function MailMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { merchantId, role } = await requireMerchant();
  const message = await findMailMessage(await getDb(), (await params).id);
  if (!message || message.merchantId !== merchantId) notFound();
  // A sealed message holds a secret link (a team or affiliate invitation): following it could
  // make the reader someone else, so only owners, who can invite anyone anyway, may open it.
  const hidden = message.sealed && role !== "owner";
  const bodies = hidden ? { text: PRIVATE, html: `<p>${PRIVATE}</p>` } : mailBodies(message);
  return (
    <>
      <Link className="text-sm text-brand-600 hover:underline" href="/dashboard/mail">
        ← Sent mail
      </Link>
      <PageHeader title={message.subject} />
      <MailDetail message={message} bodies={bodies} />
    </>
  );
}
