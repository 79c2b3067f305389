// Filled in by the image-aug issue.
export {};
