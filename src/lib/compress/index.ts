// Filled in by the compress issue.
export {};
