import { getDb } from "@/db";
import { merchantContext } from "@/lib/auth/session";
import { errorAnswer } from "@/lib/http/error-answer";
import { payoutCsvFile } from "@/lib/payouts/detail";

/** The payout batch as a PayPal mass-payment file, for the signed-in merchant's own payouts only. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { merchantId } = await merchantContext();
    const { id } = await params;
    const file = await payoutCsvFile(await getDb(), merchantId, id);
    return new Response(file.body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    // A download answers in plain text: the browser shows it as the page.
    const { status, body } = errorAnswer(error);
    return new Response(body.error.message, {
      status,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
}
