import { formatMoney } from "@/lib/format";
import { mailDate, oneLine } from "../links";
import { type MailContent, renderMail } from "../template";

/** To each affiliate in a payout the merchant marked paid: how much, and for which commissions. */
export function payoutSentMail(p: {
  program: string;
  firstName: string;
  /** Net of clawbacks, in minor units. */
  amount: number;
  /** What the commissions earned and what clawbacks took back, when any did. */
  earned: number;
  clawedBack: number;
  currency: string;
  commissionCount: number;
  /** The earliest and the latest sale the paid commissions are for. */
  period: { from: Date; to: Date };
  livemode: boolean;
  payoutsLink: string;
}): MailContent {
  const program = oneLine(p.program);
  const amount = formatMoney(p.amount, p.currency);
  const from = mailDate(p.period.from);
  const to = mailDate(p.period.to);
  const period = from === to ? `of ${from}` : `from ${from} to ${to}`;
  const count = p.commissionCount === 1 ? "1 commission" : `${p.commissionCount} commissions`;
  const paragraphs = [
    `${program} sent you a payout of ${amount} for your sales ${period} (${count}).`,
    "It was paid the way you agreed with them; depending on the method it can take a few days to arrive.",
  ];
  if (p.clawedBack > 0)
    paragraphs.push(
      `That is ${formatMoney(p.earned, p.currency)} earned less ${formatMoney(p.clawedBack, p.currency)} taken back for refunds of sales paid out earlier.`,
    );
  if (!p.livemode) paragraphs.push("These were Stripe test-mode sales: no real customer paid for them.");
  return renderMail({
    program,
    subject: `${p.livemode ? "" : "[Test mode] "}${program} sent you ${amount}`,
    greeting: p.firstName ? `Hi ${oneLine(p.firstName)},` : "Hi,",
    paragraphs,
    action: { label: "See your payouts", url: p.payoutsLink },
  });
}
