import Link from "next/link";
import { SignupForm } from "@/components/shared/signup-form";

export const metadata = { title: "Create your account" };

export default function SignupPage() {
  return (
    <>
      <h1 className="text-lg font-semibold">Start your affiliate program</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">Create a merchant account. No card needed.</p>
      <SignupForm />
      <p className="mt-6 text-sm text-slate-600">
        Already have an account?{" "}
        <Link className="font-medium text-brand-600 hover:underline" href="/login">
          Log in
        </Link>
      </p>
    </>
  );
}
