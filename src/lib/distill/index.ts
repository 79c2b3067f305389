// Filled in by the distill issue.
export {};
