export * from './pool';
export * from './fit-data-parallel';
export * from './throughput';
