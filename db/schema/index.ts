export * from "./affiliates";
export * from "./api-keys";
export * from "./audit";
export * from "./jobs";
export * from "./merchants";
export * from "./sales";
export * from "./stripe";
export * from "./tracking";
