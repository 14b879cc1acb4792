import Link from "next/link";
import { ForgotPasswordForm } from "@/components/shared/forgot-password-form";

export const metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-lg font-semibold">Reset your password</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        Enter the email you sign in with. We'll send you a link to choose a new password.
      </p>
      <ForgotPasswordForm audience="merchant" />
      <p className="mt-6 text-sm text-slate-600">
        Remembered it?{" "}
        <Link className="font-medium text-brand-600 hover:underline" href="/login">
          Log in
        </Link>
      </p>
    </>
  );
}
