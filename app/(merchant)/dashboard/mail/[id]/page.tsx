import Link from "next/link";
import { notFound } from "next/navigation";
import { MailDetail } from "@/components/shared/mailbox";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { findMailMessage } from "@/db/queries/mail";
import { requireMerchant } from "@/lib/auth/session";
import { mailBodies } from "@/lib/mail/outbox";

export const metadata = { title: "Message" };

export default async function MailMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { merchantId } = await requireMerchant();
  const message = await findMailMessage(await getDb(), (await params).id);
  if (!message || message.merchantId !== merchantId) notFound();
  return (
    <>
      <Link className="text-sm text-brand-600 hover:underline" href="/dashboard/mail">
        ← Sent mail
      </Link>
      <PageHeader title={message.subject} />
      <MailDetail message={message} bodies={mailBodies(message)} />
    </>
  );
}
