import { sql } from "drizzle-orm";
import { text, timestamp } from "drizzle-orm/pg-core";

/** Shared column builders: timestamptz in UTC (SPEC §2) and tenant ownership. */
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const tstz = () => timestamp({ withTimezone: true });
export const merchantRef = () => text().notNull();
export const lowerOf = (column: unknown) => sql`lower(${column})`;
