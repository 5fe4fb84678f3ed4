import type { ArchitectureModel } from './model';
import { roleStyle } from './topic-roles';

/** The diagram's facts as a table: readable where Mermaid is not rendered, and easy to grep. */
export function renderTopicTable(model: ArchitectureModel): string {
  const lines = [
    '| topic | kind | owner | published by | handled by |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const topic of model.topics) {
    const services = (kind: string): string =>
      model.edges
        .filter((e) => e.topic === topic.name && e.kind === kind)
        .map((e) => e.service)
        .join(', ') || '—';
    const kind = topic.commandTypes.length
      ? `${roleStyle(topic.role).kind} (${topic.commandTypes.join(', ')})`
      : roleStyle(topic.role).kind;
    lines.push(
      `| \`${topic.name}\` | ${kind} | ${topic.owner ?? 'no catalog'} | ${services('publishes')} | ${services('handled by')} |`,
    );
  }
  return lines.join('\n');
}
