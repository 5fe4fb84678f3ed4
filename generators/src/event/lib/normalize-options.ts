import type { Tree } from '@nx/devkit';
import { GeneratorInputError } from '../../lib/input-error';
import { topicNames, type TopicNames } from '../../lib/names';
import { resolveOwnedTopic } from '../../lib/owned-topic';
import { type ExistingService, findService } from '../../lib/services';
import { exportedConstants, findDeclaredTopics, parse } from '../../lib/workspace-topics';
import { assertEditable } from '../../lib/typescript-edits';
import type { EventGeneratorSchema } from '../schema';
import { eventEditTargets } from './add-event';

/**
 * Kafka sets no per-topic maximum, so a typo (60000 for 6) would be declared and provisioned as
 * typed. Every partition is a log on each replica, and each consuming service adds retry and
 * dead-letter topics of the same count: well past any real need at this size.
 */
export const MAX_PARTITIONS = 1000;

export interface NormalizedEventOptions {
  service: ExistingService;
  topic: TopicNames;
  partitions: number;
  skipFormat: boolean;
}

/** Every check before anything is written: the service exists, the topic is valid, new and ours. */
export function normalizeOptions(tree: Tree, options: EventGeneratorSchema): NormalizedEventOptions {
  const service = findService(tree, options.service);
  const topic = topicNames(resolveOwnedTopic(options.topic, service.domain, service.projectName));
  const owner = findDeclaredTopics(tree).find((declared) => declared.name === topic.topic);
  if (owner) {
    throw new GeneratorInputError(
      `Topic "${topic.topic}" is already declared in ${owner.catalogFile}: a topic has one owning service and one declaration.`,
      `nx g event ${topic.domain}.${topic.entity}.<another-event> --service=${service.name}`,
    );
  }
  assertNamesFree(tree, service, topic);
  const partitions = options.partitions ?? 6;
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new GeneratorInputError(`Invalid --partitions ${partitions}: expected a whole number >= 1.`, '--partitions=6');
  }
  assertPartitionsBelowLimit(partitions);
  const contract = `${service.projectRoot}/src/events/${topic.fileName}.event.ts`;
  if (tree.exists(contract)) {
    throw new GeneratorInputError(`${contract} exists already; the generator does not overwrite it.`, `remove or rename ${contract}`);
  }
  assertEditable(tree, eventEditTargets(tree, service));
  return { service, topic, partitions, skipFormat: options.skipFormat ?? false };
}

/**
 * Hyphens vanish from class and constant names, so orders.order-1.created and orders.order1.created
 * both make Order1Created and order1CreatedTopic: declared twice, the catalog does not compile.
 */
function assertNamesFree(tree: Tree, service: ExistingService, topic: TopicNames): void {
  const constant = `${topic.propertyName}Topic`;
  if (!exportedConstants(parse(tree, service.catalogFile)).has(constant)) return;
  throw new GeneratorInputError(
    `Topic "${topic.topic}" would be declared as ${constant} with the schema ${topic.className}, which ${service.catalogFile} has already ` +
      '(another topic whose words join the same way): the service would not compile. Name it with other words, or write it by hand; nothing was written.',
    `nx g event ${topic.domain}.${topic.entity}.<another-event> --service=${service.name}`,
  );
}

function assertPartitionsBelowLimit(partitions: number): void {
  if (partitions <= MAX_PARTITIONS) return;
  throw new GeneratorInputError(
    `Invalid --partitions ${partitions}: at most ${MAX_PARTITIONS} partitions per topic. Each partition is a log on every replica, and each consuming ` +
      'service gets retry and dead-letter topics with as many again, so this is most likely a typo; size it with partitionsFor() from @platform/kafka. ' +
      `A topic that truly needs more: generate it with --partitions=${MAX_PARTITIONS}, then raise partitions in its defineTopic by hand; nothing was written.`,
    '--partitions=6',
  );
}
