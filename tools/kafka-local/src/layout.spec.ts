import { assertBasePort, clusterLayout, renderServerProperties } from './layout';
import { parseProperties } from './storage';

const propertiesOf = (
  nodeCount: number,
  nodeIndex: number,
  basePort = 9092,
): Record<string, string> => {
  const cluster = clusterLayout('/tmp/kafka-local-home', nodeCount, basePort);
  return parseProperties(renderServerProperties(cluster, cluster.nodes[nodeIndex]));
};

describe('renderServerProperties', () => {
  it('renders a single combined node on the base port', () => {
    const properties = propertiesOf(1, 0);
    expect(properties).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': '1',
      'broker.rack': 'rack-a',
      'controller.quorum.voters': '1@127.0.0.1:29092',
      listeners: 'PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:29092',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:9092',
      'controller.listener.names': 'CONTROLLER',
      'log.dirs': '/tmp/kafka-local-home/node-1/data',
      'default.replication.factor': '1',
      'min.insync.replicas': '1',
      'offsets.topic.replication.factor': '1',
      'unclean.leader.election.enable': 'false',
      'auto.create.topics.enable': 'false',
    });
  });

  it('renders node 2 of 3 with its own ports and rack, and every voter', () => {
    const properties = propertiesOf(3, 1, 19092);
    expect(properties).toMatchObject({
      'node.id': '2',
      'broker.rack': 'rack-b',
      'controller.quorum.voters': '1@127.0.0.1:39092,2@127.0.0.1:39093,3@127.0.0.1:39094',
      listeners: 'PLAINTEXT://127.0.0.1:19093,CONTROLLER://127.0.0.1:39093',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:19093',
      'log.dirs': '/tmp/kafka-local-home/node-2/data',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'transaction.state.log.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
    });
  });

  it('gives every node of a 3-node cluster a distinct id, rack and port', () => {
    const nodes = [0, 1, 2].map((i) => propertiesOf(3, i));
    expect(nodes.map((n) => n['node.id'])).toEqual(['1', '2', '3']);
    expect(nodes.map((n) => n['broker.rack'])).toEqual(['rack-a', 'rack-b', 'rack-c']);
    expect(nodes.map((n) => n['advertised.listeners'])).toEqual([
      'PLAINTEXT://127.0.0.1:9092',
      'PLAINTEXT://127.0.0.1:9093',
      'PLAINTEXT://127.0.0.1:9094',
    ]);
  });
});

describe('assertBasePort', () => {
  it('accepts ports whose controllers still fit below 65536', () => {
    expect(() => assertBasePort(45535, 1)).not.toThrow();
    expect(() => assertBasePort(45533, 3)).not.toThrow();
  });

  it.each([0, -1, 1.5, 45536])('rejects %p', (port) => {
    expect(() => assertBasePort(port, 1)).toThrow(`Invalid base port ${port}`);
  });
});
