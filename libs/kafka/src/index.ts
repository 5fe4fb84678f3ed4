export * from './errors';
export * from './envelope';
export * from './topics';
export * from './admin';
export * from './consumer';
export * from './producer';
export { MAX_TIMER_MS } from './timers';
export * from './config';
