import Link from "next/link";
import { EmptyState, PageHeader } from "@/components/ui/card";

export default function PurchaseNotFound() {
  return (
    <>
      <PageHeader title="Purchase" />
      <EmptyState title="No such purchase">
        It may belong to another account.{" "}
        <Link className="text-brand-600 hover:underline" href="/dashboard/purchases">
          Back to purchases
        </Link>
      </EmptyState>
    </>
  );
}
