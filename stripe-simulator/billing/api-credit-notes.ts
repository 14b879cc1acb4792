/** Credit notes: create, retrieve, list (by invoice or customer), void. */

import { invalidRequest, resourceMissing } from "../http/errors";
import { applyMetadata, int, newestFirst, paginate, requiredStr, str } from "../http/params";
import type { Route } from "../http/router";
import type { CreditNoteReason } from "../store/objects-credit-notes";
import type { SimAccount } from "../store/state";
import { type CreditNoteInput, issueCreditNote, voidCreditNote } from "./credit-notes";

function getCreditNote(account: SimAccount, id: string) {
  const creditNote = account.creditNotes.get(id);
  if (!creditNote) throw resourceMissing("credit_note", id);
  return creditNote;
}

export const creditNoteRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/v1/credit_notes",
    params: [
      "invoice",
      "amount",
      "refund_amount",
      "credit_amount",
      "out_of_band_amount",
      "reason",
      "memo",
      "metadata",
      "effective_at",
      "email_type",
      "lines",
    ],
    handle: ({ sim, account, params }) => {
      const invoiceId = requiredStr(params, "invoice");
      const invoice = account.invoices.get(invoiceId);
      if (!invoice) throw resourceMissing("invoice", invoiceId, "invoice");
      if (params.lines !== undefined) {
        throw invalidRequest("The Stripe simulator issues credit notes by `amount`, not `lines`.", "lines");
      }
      const input: CreditNoteInput = {
        amount: int(params, "amount"),
        refundAmount: int(params, "refund_amount"),
        creditAmount: int(params, "credit_amount"),
        outOfBandAmount: int(params, "out_of_band_amount"),
        reason: (str(params, "reason") as CreditNoteReason | undefined) || null,
        memo: str(params, "memo") || null,
        metadata: applyMetadata({}, params),
      };
      if (
        input.amount === undefined &&
        !input.refundAmount &&
        !input.creditAmount &&
        !input.outOfBandAmount
      ) {
        throw invalidRequest("You must pass either `amount` or `lines` to create a credit note.", "amount");
      }
      return issueCreditNote(sim, account, invoice, input).creditNote;
    },
  },
  {
    method: "GET",
    pattern: "/v1/credit_notes/:id",
    params: [],
    handle: ({ account, path }) => getCreditNote(account, path.id ?? ""),
  },
  {
    method: "GET",
    pattern: "/v1/credit_notes",
    params: ["invoice", "customer", "created", "limit", "starting_after", "ending_before"],
    handle: ({ account, params }) => {
      const invoice = str(params, "invoice");
      const customer = str(params, "customer");
      const all = newestFirst(account.creditNotes).filter(
        (c) =>
          (invoice === undefined || c.invoice === invoice) &&
          (customer === undefined || c.customer === customer),
      );
      return paginate(all, params, "/v1/credit_notes", "credit_note");
    },
  },
  {
    method: "POST",
    pattern: "/v1/credit_notes/:id/void",
    params: [],
    handle: ({ sim, account, path }) => {
      const creditNote = getCreditNote(account, path.id ?? "");
      voidCreditNote(sim, account, creditNote);
      return creditNote;
    },
  },
];
