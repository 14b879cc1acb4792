import { PageSkeleton } from "@/components/shared/skeleton";

export default function Loading() {
  return (
    <main className="mx-auto max-w-4xl px-4 py-12">
      <PageSkeleton label="Loading the program" chart />
    </main>
  );
}
