// Filled in by the text-aug issue.
export {};
