// Filled in by the finetune issue.
export {};
