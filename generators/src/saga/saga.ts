import { formatFiles, type Tree } from '@nx/devkit';
import { declareWorkspaceDependencies } from '../lib/workspace-dependencies';
import { addSaga } from './lib/add-saga';
import { normalizeOptions } from './lib/normalize-options';
import type { SagaGeneratorSchema } from './schema';

/** `nx g saga create-order --service=orders`: a saga definition skeleton and its spec (needs libs/saga). */
export async function sagaGenerator(tree: Tree, options: SagaGeneratorSchema): Promise<void> {
  const normalized = normalizeOptions(tree, options);
  addSaga(tree, normalized);
  declareWorkspaceDependencies(tree, normalized.service.projectName);
  if (!normalized.skipFormat) await formatFiles(tree);
}

export default sagaGenerator;
