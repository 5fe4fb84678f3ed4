import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { partitionForKey } from './partitioner';

/**
 * [key, Utils.murmur2(utf8 key), partition of 12, of 7, of 1000], printed by the Java client
 * itself: kafka-clients 4.4.0 (the jar tools/kafka-local resolves from Maven Central), running
 *   byte[] b = new StringSerializer().serialize("t", key);
 *   Utils.murmur2(b); BuiltInPartitioner.partitionForKey(b, n);
 * The first five keys are UtilsTest#testMurmur2's (apache/kafka, clients/src/test/java/org/apache/
 * kafka/common/utils/UtilsTest.java); the rest add short tails and multi-byte UTF-8.
 */
const JAVA_VECTORS: [string, number, number, number, number][] = [
  ['21', -973932308, 0, 3, 340],
  ['foobar', -790332482, 6, 0, 166],
  ['a-little-bit-long-string', -985981536, 8, 1, 112],
  ['a-little-bit-longer-string', -1486304829, 11, 0, 819],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971, 5, 3, 677],
  ['abc', 479470107, 3, 4, 107],
  ['', 275646681, 9, 2, 681],
  ['a', -1563381124, 4, 5, 524],
  ['ab', 316155434, 2, 0, 434],
  ['abcd', -1323649548, 8, 5, 100],
  ['order-42', 501153024, 0, 1, 24],
  ['key-1023', 1838108849, 5, 3, 849],
  ['ключ-1', -647031551, 9, 4, 97],
  ['注文-12345', 1875112464, 0, 1, 464],
  ['café', -1358007374, 6, 6, 274],
  ['😀-emoji', -1012545348, 8, 6, 300],
  ['ß', -241589582, 6, 6, 66],
];

describe('partitionForKey', () => {
  it.each(JAVA_VECTORS)('puts %j where the Java client does', (key, _hash, of12, of7, of1000) => {
    expect([partitionForKey(key, 12), partitionForKey(key, 7), partitionForKey(key, 1000)]).toEqual(
      [of12, of7, of1000],
    );
  });

  it('hashes a Buffer key like the same string', () => {
    expect(partitionForKey(Buffer.from('ключ-1', 'utf8'), 12)).toBe(9);
  });

  it.each([0, -1, 1.5, Number.NaN])(
    'rejects %p partitions with a precise message',
    (partitions) => {
      expect(() => partitionForKey('order-42', partitions)).toThrow(
        `Invalid number of partitions, expected a whole number >= 1 received ${partitions}`,
      );
    },
  );
});

describe('kafkajs partitioners against the Java vectors', () => {
  const partitionWith = (
    create: () => (args: {
      topic: string;
      partitionMetadata: PartitionMetadata[];
      message: { key: string; value: null };
    }) => number,
  ) => {
    const partition = create();
    return (key: string, count: number): number =>
      partition({
        topic: 't',
        partitionMetadata: Array.from({ length: count }, (_, partitionId) => ({
          partitionId,
          leader: 0,
          partitionErrorCode: 0,
          replicas: [0],
          isr: [0],
        })),
        message: { key, value: null },
      });
  };

  it('DefaultPartitioner (v2) agrees with Java, multi-byte UTF-8 included', () => {
    const kafkajsDefault = partitionWith(Partitioners.DefaultPartitioner);
    for (const [key, , , , of1000] of JAVA_VECTORS)
      expect([key, kafkajsDefault(key, 1000)]).toEqual([key, of1000]);
  });

  it('LegacyPartitioner does not, even for ASCII keys (float multiplication loses bits)', () => {
    const legacy = partitionWith(Partitioners.LegacyPartitioner);
    const disagreements = JAVA_VECTORS.filter(
      ([key, , , , of1000]) => legacy(key, 1000) !== of1000,
    ).map(([key]) => key);
    expect(disagreements).toEqual(
      expect.arrayContaining(['21', 'foobar', 'abc', 'order-42', 'ключ-1']),
    );
  });
});
