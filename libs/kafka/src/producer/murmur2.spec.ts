import { murmur2, toPositive } from './murmur2';

describe('murmur2', () => {
  // The vectors of the Java client's own test, apache/kafka
  // clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java#testMurmur2.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ])('hashes %j to %i like Utils.murmur2', (text, expected) => {
    expect(murmur2(Buffer.from(text, 'utf8'))).toBe(expected);
  });

  it('hashes raw bytes (UtilsTest: new byte[] {a, b, c})', () => {
    expect(murmur2(new Uint8Array([0x61, 0x62, 0x63]))).toBe(479470107);
  });

  it('hashes bytes >= 0x80 as unsigned, like Java masks them with & 0xff', () => {
    // 'ключ-1' in UTF-8: every Cyrillic byte is >= 0x80. Value from kafka-clients 4.4.0 (see partitioner.spec.ts).
    expect(murmur2(Buffer.from('ключ-1', 'utf8'))).toBe(-647031551);
  });
});

describe('toPositive', () => {
  it('clears the sign bit instead of negating, like Utils.toPositive', () => {
    expect(toPositive(-973932308)).toBe(1173551340);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(42)).toBe(42);
  });
});
