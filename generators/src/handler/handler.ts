import { formatFiles, type Tree } from '@nx/devkit';
import { declareWorkspaceDependencies } from '../lib/workspace-dependencies';
import { addHandler } from './lib/add-handler';
import { normalizeOptions } from './lib/normalize-options';
import type { HandlerGeneratorSchema } from './schema';

/** `nx g handler orders.order.created --service=billing`: an @EventPattern handler, registered. */
export async function handlerGenerator(tree: Tree, options: HandlerGeneratorSchema): Promise<void> {
  const normalized = normalizeOptions(tree, options);
  addHandler(tree, normalized);
  declareWorkspaceDependencies(tree, normalized.service.projectName);
  if (!normalized.skipFormat) await formatFiles(tree);
}

export default handlerGenerator;
