import type { NextConfig } from "next";

declare const nextConfig: (phase: string) => NextConfig;
export default nextConfig;
