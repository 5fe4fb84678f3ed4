import { formatFiles, type Tree } from '@nx/devkit';
import { declareWorkspaceDependencies } from '../lib/workspace-dependencies';
import { addEvent } from './lib/add-event';
import { normalizeOptions } from './lib/normalize-options';
import type { EventGeneratorSchema } from './schema';

/** `nx g event orders.order.created --service=orders`: a topic the service owns, with its contract. */
export async function eventGenerator(tree: Tree, options: EventGeneratorSchema): Promise<void> {
  const normalized = normalizeOptions(tree, options);
  addEvent(tree, normalized);
  declareWorkspaceDependencies(tree, normalized.service.projectName);
  if (!normalized.skipFormat) await formatFiles(tree);
}

export default eventGenerator;
