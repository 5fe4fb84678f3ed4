import type { TopicRole } from '@platform/kafka';
import type { AppFacts, ArchitectureModel, Edge, TopicNode } from './model';

/**
 * The diagram's nodes and edges from what each app declares and handles:
 * - an app publishes the event (and changelog) topics its catalog owns — the owner is the only writer;
 * - an orchestrator publishes to the command topics its sagas send to, and handles its reply topic;
 * - a participant handles its command topics and publishes to the reply topic of every saga that
 *   sends it a command (the reply goes where the command says, so the sender decides which);
 * - an app handles the topics of its @EventPattern methods.
 */
export function buildModel(apps: readonly AppFacts[]): ArchitectureModel {
  const topics = new Map<string, TopicNode>();
  const edges = new Map<string, Edge>();
  const warnings: string[] = [];
  const topic = (name: string, referencedBy: string): TopicNode => {
    let node = topics.get(name);
    if (!node) {
      node = { name, role: roleFromName(name), commandTypes: [] };
      topics.set(name, node);
      warnings.push(`${referencedBy} uses ${name}, which no apps/*/src/topic-catalog.ts declares.`);
    }
    return node;
  };
  const edge = (e: Edge): void => void edges.set(`${e.topic}\u0000${e.kind}\u0000${e.service}`, e);
  const addCommandType = (node: TopicNode, type: string): void => {
    if (!node.commandTypes.includes(type)) node.commandTypes = [...node.commandTypes, type].sort();
  };

  for (const { app, owned } of apps) {
    for (const { name, role } of owned) {
      if (topics.has(name))
        warnings.push(
          `${name} is declared by ${topics.get(name)?.owner} and ${app}; keeping ${topics.get(name)?.owner}.`,
        );
      else topics.set(name, { name, role, owner: app, commandTypes: [] });
    }
  }
  for (const node of topics.values()) {
    if (node.owner && (node.role === 'events' || node.role === 'changelog'))
      edge({ service: node.owner, topic: node.name, kind: 'publishes' });
  }

  for (const { app, handlesEvents, handlesCommands, sagas } of apps) {
    for (const name of handlesEvents)
      edge({ service: app, topic: topic(name, app).name, kind: 'handled by' });
    for (const command of handlesCommands) {
      addCommandType(topic(command.topic, app), command.type);
      edge({ service: app, topic: command.topic, kind: 'handled by' });
    }
    for (const saga of sagas) {
      edge({ service: app, topic: topic(saga.replyTopic, app).name, kind: 'handled by' });
      for (const command of saga.commands) {
        addCommandType(topic(command.topic, app), command.type);
        edge({ service: app, topic: command.topic, kind: 'publishes' });
        const participants = apps.filter((p) =>
          p.handlesCommands.some((h) => h.topic === command.topic && h.type === command.type),
        );
        if (participants.length === 0)
          warnings.push(
            `${app} sends ${command.type} on ${command.topic}, which no @SagaCommandHandler handles.`,
          );
        for (const participant of participants)
          edge({ service: participant.app, topic: saga.replyTopic, kind: 'publishes' });
      }
    }
  }

  return {
    services: apps.map((a) => a.app).sort(),
    topics: [...topics.values()].sort((a, b) => compare(a.name, b.name)),
    edges: [...edges.values()].sort(byEdge),
    warnings,
  };
}

/** For a topic no catalog declares: the saga suffixes say what it is, anything else is an event. */
function roleFromName(name: string): TopicRole {
  if (name.endsWith('.commands')) return 'commands';
  if (name.endsWith('.replies')) return 'replies';
  return 'events';
}

/** Each service's publishing first, then who handles each topic: the diagram source reads in flow order. */
function byEdge(a: Edge, b: Edge): number {
  if (a.kind !== b.kind) return a.kind === 'publishes' ? -1 : 1;
  return a.kind === 'publishes'
    ? compare(a.service, b.service) || compare(a.topic, b.topic)
    : compare(a.topic, b.topic) || compare(a.service, b.service);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
