import Link from "next/link";

export default function ProgramNotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 text-center">
      <h1 className="text-xl font-semibold text-slate-900">No such affiliate program</h1>
      <p className="mt-2 text-sm text-slate-600">
        Check the link you were given, or ask the merchant for it again.
      </p>
      <Link className="mt-6 text-sm font-medium text-brand-600 hover:underline" href="/portal">
        Affiliate portal sign-in
      </Link>
    </main>
  );
}
