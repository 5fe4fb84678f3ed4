/**
 * The one source of broker settings. kafka-local renders server.properties from it and
 * `npm run compose:generate` renders docker-compose.yml from it, so the two clusters cannot drift.
 */

/** Apache Kafka release for both kafka-local (Maven Central jars) and compose (apache/kafka image). */
export const KAFKA_VERSION = '4.4.0';

/**
 * A fixed KRaft cluster id (a base64url UUID, as `kafka-storage random-uuid` prints):
 * both clusters are throwaway dev clusters, so a constant keeps their data folders comparable.
 */
export const CLUSTER_ID = 'udd3tPTeSpO7RFGNJq4opQ';

export const MAX_NODES = 3;

/** Settings that depend only on the cluster size; identical on every node. */
export function clusterWideSettings(nodeCount: number): Record<string, string> {
  const replicationFactor = Math.min(3, nodeCount);
  // min ISR 2 with RF 3 survives one broker down while acks=all still refuses silent data loss.
  const minInSync = replicationFactor >= 3 ? 2 : 1;
  return {
    'default.replication.factor': String(replicationFactor),
    'min.insync.replicas': String(minInSync),
    'offsets.topic.replication.factor': String(replicationFactor),
    'transaction.state.log.replication.factor': String(replicationFactor),
    'transaction.state.log.min.isr': String(minInSync),
    'share.coordinator.state.topic.replication.factor': String(replicationFactor),
    'share.coordinator.state.topic.min.isr': String(minInSync),
    'unclean.leader.election.enable': 'false',
    // Topics are declared as code and provisioned explicitly; a typo must not create a topic.
    'auto.create.topics.enable': 'false',
    'num.partitions': '12',
    // Dev clusters: let consumer groups start without the default 3 s wait.
    'group.initial.rebalance.delay.ms': '0',
  };
}

/** Rack of node n (1-based): one rack per node so replicas spread like they would across zones. */
export function rackOf(nodeId: number): string {
  return `rack-${String.fromCharCode('a'.charCodeAt(0) + nodeId - 1)}`;
}

export function assertNodeCount(nodeCount: number): void {
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > MAX_NODES) {
    throw new RangeError(
      `Invalid node count ${String(nodeCount)}: expected 1 to ${MAX_NODES} (e.g. --nodes 3).`,
    );
  }
}
