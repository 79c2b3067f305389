export * from './figures';
export * from './image-grid';
export * from './show';
export * from './progress';
