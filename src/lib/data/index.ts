export * from './mnist';
