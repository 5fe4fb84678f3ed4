import { generateFiles, names, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import type { NormalizedSagaOptions } from './normalize-options';

/** src/sagas/<name>.saga.ts and its given/expect spec (no broker, no database). */
export function addSaga(tree: Tree, options: Omit<NormalizedSagaOptions, 'skipFormat'>): void {
  generateFiles(tree, join(__dirname, '..', 'files'), `${options.service.projectRoot}/src`, {
    ...options,
    serviceName: options.service.name,
    entityKey: `${names(options.entity).propertyName}Id`,
  });
}
