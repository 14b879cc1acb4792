import type { Commission } from "@/db/schema";
import { formatMoney } from "@/lib/format";
import { mailDate, oneLine } from "../links";
import { type MailContent, renderMail } from "../template";

/** The optional notice of a new commission, with its way out (SPEC §12). */
export function commissionEarnedMail(p: {
  program: string;
  firstName: string;
  commission: Pick<Commission, "amount" | "currency" | "status" | "holdReason" | "dueAt" | "livemode">;
  commissionsLink: string;
  settingsLink: string;
  unsubscribeLink: string;
}): MailContent {
  const program = oneLine(p.program);
  const { commission } = p;
  const amount = formatMoney(commission.amount, commission.currency);
  return renderMail({
    program,
    subject: `${commission.livemode ? "" : "[Test mode] "}You earned a ${amount} commission from ${program}`,
    greeting: p.firstName ? `Hi ${oneLine(p.firstName)},` : "Hi,",
    paragraphs: [
      `A sale you referred to ${program} earned you a commission of ${amount}.`,
      whenPayable(program, commission),
      ...(commission.livemode ? [] : ["It is a Stripe test-mode sale: no real customer paid for it."]),
    ],
    action: { label: "See your commissions", url: p.commissionsLink },
    note: `You can turn these emails off or on again in your portal settings: ${p.settingsLink}`,
    unsubscribeUrl: p.unsubscribeLink,
  });
}

function whenPayable(program: string, c: Pick<Commission, "status" | "holdReason" | "dueAt">): string {
  if (c.status === "due") return `It is due now and goes into ${program}'s next payout.`;
  if (c.status === "on_hold" && c.holdReason === "awaiting_payment")
    return "It counts once the customer's payment for the period arrives.";
  if (c.status === "on_hold" && c.holdReason === "dispute")
    return "It is on hold while the customer disputes the payment.";
  if (c.status === "on_hold") return `It is on hold until ${program} has reviewed the sale.`;
  if (c.dueAt) return `It becomes payable on ${mailDate(c.dueAt)}, once the refund period has passed.`;
  return "It becomes payable once the refund period has passed.";
}
