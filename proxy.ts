import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { env } from "@/lib/env";

/**
 * Early redirects only; layouts, actions and route handlers make the real checks
 * (requireMerchant / requireAffiliate).
 */
export async function proxy(req: NextRequest) {
  const token = await getToken({ req, secret: env().NEXTAUTH_SECRET });
  const { pathname, search } = req.nextUrl;
  if (pathname.startsWith("/dashboard")) {
    if (!token) {
      const login = new URL("/login", req.url);
      login.searchParams.set("callbackUrl", safeCallbackPath(pathname + search, "/dashboard"));
      return NextResponse.redirect(login);
    }
    if (token.role !== "merchant")
      return NextResponse.redirect(new URL("/forbidden?area=dashboard", req.url));
    // A member of several merchants picks one first (the choice then clears the flag).
    if (token.choose) {
      const chooser = new URL("/programs", req.url);
      chooser.searchParams.set("callbackUrl", safeCallbackPath(pathname + search, "/dashboard"));
      return NextResponse.redirect(chooser);
    }
  }
  if (pathname === "/programs" && token?.role !== "merchant") {
    return NextResponse.redirect(new URL(token ? "/forbidden?area=dashboard" : "/login", req.url));
  }
  if (pathname.startsWith("/portal/") && !SIGNED_OUT_PORTAL.has(pathname) && token?.role !== "affiliate") {
    return NextResponse.redirect(new URL(token ? "/forbidden?area=portal" : "/portal", req.url));
  }
  return NextResponse.next();
}

/** Portal pages for affiliates who cannot sign in: a forgotten password. */
const SIGNED_OUT_PORTAL = new Set(["/portal/forgot-password", "/portal/reset-password"]);

export const config = { matcher: ["/dashboard/:path*", "/portal/:path*", "/programs"] };
