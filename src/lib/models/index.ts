export * from "./zoo";
