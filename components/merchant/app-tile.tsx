import type { ReactNode } from "react";

/** One app in the App Store or the installed list: name, what it does, and its action. */
export function AppTile({
  name,
  mark,
  description,
  children,
}: {
  name: string;
  mark: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <li className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="mb-3 flex items-center gap-3">
        <span
          aria-hidden="true"
          className="flex h-9 w-9 items-center justify-center rounded-md bg-slate-900 text-sm font-semibold text-white"
        >
          {mark}
        </span>
        <h2 className="text-base font-semibold text-slate-900">{name}</h2>
      </div>
      <p className="mb-4 flex-1 text-sm text-slate-600">{description}</p>
      <div>{children}</div>
    </li>
  );
}
