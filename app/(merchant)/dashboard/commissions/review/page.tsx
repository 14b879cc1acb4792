import Link from "next/link";
import { ReviewButtons } from "@/components/merchant/review-buttons";
import { Writable } from "@/components/merchant/role-context";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listHeldForReview } from "@/db/queries/review";
import { decideReviewAction } from "@/lib/actions/commissions/review";
import { requireMerchant } from "@/lib/auth/session";
import { displayName, formatMoney } from "@/lib/format";

export const metadata = { title: "Review" };

/** Commissions held because their sale looked forged (SPEC §13), with the reasons. */
export default async function ReviewPage() {
  const { merchantId } = await requireMerchant();
  const held = await listHeldForReview(await getDb(), merchantId);
  return (
    <>
      <PageHeader
        title="Review"
        description="Commissions held because their sale looks suspicious. Approve releases one to the normal hold; reject cancels it for good."
        actions={
          <Link className="text-sm font-medium text-brand-600 hover:underline" href="/dashboard/commissions">
            ← Commissions
          </Link>
        }
      />
      {held.length === 0 ? (
        <EmptyState title="Nothing to review">Suspicious sales are held here until you decide.</EmptyState>
      ) : (
        <Table
          label="Commissions held for review"
          head={
            <>
              <Th>Affiliate</Th>
              <Th>Customer</Th>
              <Th>Commission</Th>
              <Th>Reason</Th>
              <Th className="text-right">Decision</Th>
            </>
          }
        >
          {held.map((c) => {
            const affiliate = displayName({
              firstName: c.affiliateFirstName ?? "",
              lastName: c.affiliateLastName ?? "",
              email: c.affiliateEmail ?? "",
            });
            return (
              <tr key={c.id}>
                <Td>{affiliate}</Td>
                <Td>{c.purchaseEmail ?? "—"}</Td>
                <Td>{formatMoney(c.amount, c.currency)}</Td>
                <Td className="max-w-md whitespace-normal">{c.reviewReason}</Td>
                <Td>
                  <Writable>
                    <ReviewButtons
                      commissionId={c.id}
                      label={`the commission of ${affiliate}`}
                      decide={decideReviewAction}
                    />
                  </Writable>
                </Td>
              </tr>
            );
          })}
        </Table>
      )}
    </>
  );
}
