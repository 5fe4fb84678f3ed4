import { names, type Tree } from '@nx/devkit';
import { validateSagaTopicName } from '@platform/naming';
import { GeneratorInputError } from '../../lib/input-error';
import { validateSegmentName } from '../../lib/names';
import { requireLibrary } from '../../lib/required-library';
import { type ExistingService, findService } from '../../lib/services';
import { findDeclaredSagaTopics } from '../../lib/workspace-topics';
import type { SagaGeneratorSchema } from '../schema';

export interface NormalizedSagaOptions {
  service: ExistingService;
  name: string;
  entity: string;
  replyTopic: string;
  fileName: string;
  className: string;
  propertyName: string;
  skipFormat: boolean;
}

/** Every check before anything is written; first of all that libs/saga exists. */
export function normalizeOptions(tree: Tree, options: SagaGeneratorSchema): NormalizedSagaOptions {
  requireLibrary(tree, 'saga', 'A saga definition', `nx g saga ${options.name ?? 'create-order'} --service=${options.service ?? 'orders'}`);
  const service = findService(tree, options.service);
  validateSagaName(options.name);
  const entity = options.entity ?? options.name.split('-').pop() ?? options.name;
  const replyTopic = `${service.domain}.${entity}.replies`;
  validateSagaTopicName(replyTopic);
  assertReplyTopicNotOwnedElsewhere(tree, replyTopic, options.name, service);
  const fileName = options.name;
  const file = `${service.projectRoot}/src/sagas/${fileName}.saga.ts`;
  if (tree.exists(file)) {
    throw new GeneratorInputError(`${file} exists already; the generator does not overwrite it.`, `nx g saga ${options.name}-v2 --service=${service.name}`);
  }
  return {
    service,
    name: options.name,
    entity,
    replyTopic,
    fileName,
    className: names(options.name).className,
    propertyName: names(options.name).propertyName,
    skipFormat: options.skipFormat ?? false,
  };
}

/** Lowercase words joined by hyphens: the segment rule of @platform/naming, reported as a saga name. */
function validateSagaName(name: string): void {
  validateSegmentName(name, 'saga name', 'create-order');
}

/**
 * The reply topic belongs to the orchestrating service. Declared by another service's catalog (a
 * second service in the same domain), the two would read each other's saga replies, and
 * `npm run topics` would refuse the second declaration.
 */
function assertReplyTopicNotOwnedElsewhere(tree: Tree, replyTopic: string, name: string, service: ExistingService): void {
  const owner = findDeclaredSagaTopics(tree).find((declared) => declared.name === replyTopic && declared.catalogFile !== service.catalogFile);
  if (!owner) return;
  throw new GeneratorInputError(
    `The saga's reply topic "${replyTopic}" is already declared in ${owner.catalogFile}: another service owns it, and two services' sagas on one reply topic would read each other's replies. ` +
      'Name the reply topic after another entity of this service with --entity; nothing was written.',
    `nx g saga ${name} --service=${service.name} --entity=<entity>`,
  );
}
