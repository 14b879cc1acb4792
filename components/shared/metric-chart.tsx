"use client";

import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatCompact, formatCompactMoney, formatDay, formatMoney } from "@/lib/format";

export interface ChartPoint {
  day: string;
  value: number;
  previous?: number;
}

/**
 * One metric over days (an area for traffic, bars for sales, which come in lumps), with the
 * previous period as a dashed line when given. Money values are minor units of `currency`. The
 * figures are also on the page as text (cards, tables); the chart is an image with a summary.
 */
export function MetricChart({
  points,
  label,
  currency,
  color = "#1f58d6",
  height = 280,
  summary,
  kind = "area",
}: {
  points: ChartPoint[];
  label: string;
  currency?: string;
  color?: string;
  height?: number;
  summary: string;
  kind?: "area" | "bar";
}) {
  const money = (v: number) => (currency ? formatMoney(v, currency) : v.toLocaleString("en-US"));
  const axis = (v: number) => (currency ? formatCompactMoney(v, currency) : formatCompact(v));
  const gradient = `fill-${label.replace(/\W/g, "")}`;
  const hasPrevious = points.some((p) => p.previous !== undefined);
  return (
    <div role="img" aria-label={summary} style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id={gradient} x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={color} stopOpacity={0.22} />
              <stop offset="100%" stopColor={color} stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid vertical={false} stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis
            dataKey="day"
            tickFormatter={(d: string) => formatDay(d)}
            tick={{ fill: "#64748b", fontSize: 12 }}
            tickLine={false}
            axisLine={{ stroke: "#e2e8f0" }}
            minTickGap={28}
          />
          <YAxis
            tickFormatter={axis}
            tick={{ fill: "#64748b", fontSize: 12 }}
            tickLine={false}
            axisLine={false}
            width={currency ? 64 : 44}
            allowDecimals={false}
          />
          <Tooltip
            cursor={kind === "bar" ? { fill: "#f1f5f9" } : { stroke: "#94a3b8", strokeDasharray: "3 3" }}
            contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 13 }}
            labelFormatter={(d) => formatDay(String(d), true)}
            formatter={(value, name) => [
              money(Number(value)),
              name === "previous" ? "Previous period" : label,
            ]}
          />
          {kind === "bar" ? (
            <Bar
              dataKey="value"
              fill={color}
              radius={[3, 3, 0, 0]}
              maxBarSize={28}
              isAnimationActive={false}
            />
          ) : (
            <Area
              type="monotone"
              dataKey="value"
              stroke={color}
              strokeWidth={2}
              fill={`url(#${gradient})`}
              isAnimationActive={false}
              activeDot={{ r: 4 }}
            />
          )}
          {hasPrevious && (
            <Line
              type="monotone"
              dataKey="previous"
              stroke="#94a3b8"
              strokeWidth={1.5}
              strokeDasharray="4 4"
              dot={false}
              isAnimationActive={false}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
