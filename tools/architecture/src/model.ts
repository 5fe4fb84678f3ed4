import type { TopicRole } from '@platform/kafka';

/** A topic in the diagram: its role decides its group and shape, the owner is the catalog that declares it. */
export interface TopicNode {
  name: string;
  role: TopicRole;
  /** The app whose src/topic-catalog.ts declares it; undefined when no catalog does. */
  owner?: string;
  /** Saga command types seen on a command topic (sent or handled), sorted. */
  commandTypes: string[];
}

export type EdgeKind = 'publishes' | 'handled by';

/** `publishes`: service → topic; `handled by`: topic → service. */
export interface Edge {
  service: string;
  topic: string;
  kind: EdgeKind;
}

export interface ArchitectureModel {
  /** App names (apps/<name>), sorted. */
  services: string[];
  /** Sorted by name. */
  topics: TopicNode[];
  /** Deduplicated; publishes (by service, topic) before handled by (by topic, service). */
  edges: Edge[];
  /** What the scan could not resolve or found undeclared: printed by the CLI, never silent. */
  warnings: string[];
}

/** A saga command as the handlers and the sagas refer to it. */
export interface CommandRef {
  topic: string;
  type: string;
}

/** What one app's catalog and source say, resolved to topic names: the input of buildModel. */
export interface AppFacts {
  app: string;
  owned: readonly { name: string; role: TopicRole }[];
  /** @EventPattern topics. */
  handlesEvents: readonly string[];
  /** @SagaCommandHandler commands. */
  handlesCommands: readonly CommandRef[];
  /** Sagas the app orchestrates: where they want replies and the commands they send. */
  sagas: readonly { replyTopic: string; commands: readonly CommandRef[] }[];
}
