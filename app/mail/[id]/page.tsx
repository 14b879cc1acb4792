import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { MailDetail } from "@/components/shared/mailbox";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { findMailMessage } from "@/db/queries/mail";
import { mailBodies } from "@/lib/mail/outbox";
import { publicLocalMailbox } from "@/lib/mail/transport";

export const metadata = { title: "Message" };

export default async function LocalMailPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  if (!publicLocalMailbox()) notFound();
  const message = await findMailMessage(await getDb(), (await params).id);
  if (!message) notFound();
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <Link className="text-sm text-brand-600 hover:underline" href="/mail">
        ← Local mailbox
      </Link>
      <PageHeader title={message.subject} />
      <MailDetail message={message} bodies={mailBodies(message)} />
    </main>
  );
}
