export * from './mnist';
export * from './prepare';
