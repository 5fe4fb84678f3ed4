import type { AppFacts } from './model';

/**
 * The topics an app's consumers read, as its source says: @EventPattern topics, the command topics
 * of its @SagaCommandHandler methods and the reply topics of the sagas it orchestrates. Sorted,
 * each once. `npm run topics -- apply` provisions their retry and dead-letter topics from this.
 */
export function handledTopics(app: AppFacts): string[] {
  const topics = new Set<string>(app.handlesEvents);
  for (const command of app.handlesCommands) topics.add(command.topic);
  for (const saga of app.sagas) topics.add(saga.replyTopic);
  return [...topics].sort();
}
