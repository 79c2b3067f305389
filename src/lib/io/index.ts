export * from './files';
export * from './models';
