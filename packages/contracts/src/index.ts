export * from './enums';
export * from './labels';
export * from './limits';
export * from './phone';
export * from './errors';
export * from './permissions';
export * from './api';
export * from './routes';
