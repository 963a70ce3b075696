export * from './import-file';
