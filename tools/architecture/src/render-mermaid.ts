import type { ArchitectureModel } from './model';
import { ROLE_STYLES, roleStyle } from './topic-roles';

/**
 * A Mermaid flowchart: services as boxes, topics grouped by role (events, saga commands, saga
 * replies) each in its own shape, `service -->|publishes| topic` and `topic -->|handled by| service`.
 * The output depends only on the model, which is sorted: the same workspace gives the same text.
 */
export function renderMermaid(model: ArchitectureModel): string {
  const lines = ['flowchart LR'];
  for (const service of model.services) lines.push(`  ${serviceId(service)}["${service}"]`);
  for (const { role, group } of ROLE_STYLES) {
    const topics = model.topics.filter((t) => t.role === role);
    if (topics.length === 0) continue;
    lines.push(`  subgraph ${role.replace(/-/g, '_')} [${group}]`);
    for (const topic of topics) {
      const label = topic.commandTypes.length
        ? `${topic.name}<br/>${topic.commandTypes.join(', ')}`
        : topic.name;
      lines.push(`    ${topicId(topic.name)}${roleStyle(role).shape(label)}`);
    }
    lines.push('  end');
  }
  for (const edge of model.edges) {
    lines.push(
      edge.kind === 'publishes'
        ? `  ${serviceId(edge.service)} -->|publishes| ${topicId(edge.topic)}`
        : `  ${topicId(edge.topic)} -->|handled by| ${serviceId(edge.service)}`,
    );
  }
  return lines.join('\n');
}

/** Mermaid ids take no dots or hyphens: `.` → `__`, `-` → `_` keeps distinct names distinct. */
export function topicId(name: string): string {
  return `topic_${name.replace(/\./g, '__').replace(/-/g, '_')}`;
}

export function serviceId(name: string): string {
  return `svc_${name.replace(/-/g, '_')}`;
}
