import Link from "next/link";

export default function HomePage() {
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center px-6">
      <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">Leadtrail</p>
      <h1 className="mt-3 text-4xl font-semibold tracking-tight">
        Affiliate tracking for merchants who sell through Stripe
      </h1>
      <p className="mt-4 text-lg text-slate-600">
        Embed one script, connect Stripe in one click, and every purchase, renewal, refund and cancellation is
        attributed to the affiliate who referred it.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        <Link
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
          href="/signup"
        >
          Create an account
        </Link>
        <Link
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
          href="/login"
        >
          Log in
        </Link>
        <Link className="px-4 py-2 text-sm font-medium text-brand-600 hover:underline" href="/portal">
          Affiliate portal
        </Link>
      </div>
    </main>
  );
}
