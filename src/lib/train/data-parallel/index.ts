export * from './pool';
export * from './fit-data-parallel';
