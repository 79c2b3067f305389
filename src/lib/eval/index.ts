// Filled in by the eval issue.
export {};
