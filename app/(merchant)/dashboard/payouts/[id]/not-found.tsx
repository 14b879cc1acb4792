import Link from "next/link";
import { EmptyState, PageHeader } from "@/components/ui/card";

export default function PayoutNotFound() {
  return (
    <>
      <PageHeader title="Payout" />
      <EmptyState title="No such payout">
        It may belong to another account.{" "}
        <Link className="text-brand-600 hover:underline" href="/dashboard/payouts">
          Back to payouts
        </Link>
      </EmptyState>
    </>
  );
}
