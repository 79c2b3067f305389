export * from './mnist';
export * from './spam';
export * from './text';
export * from './prepare';
export * from './subset';
export * from './corpora';
export * from './chinese-poems';
