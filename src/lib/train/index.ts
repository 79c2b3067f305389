export * from './callback';
export * from './losses';
export * from './optimizer';
export * from './loop';
export * from './evaluate';
