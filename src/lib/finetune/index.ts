export * from './layers';
export * from './groups';
export * from './head';
export * from './discriminative';
export * from './gradual-unfreezing';
