import { chunkRows, estimateSize } from './chunk-rows';
import type { OutboxRow } from './outbox-row';

const row = (id: string, payload = '{}'): OutboxRow => ({
  id,
  aggregateid: 'a',
  topic: 't',
  payload,
  headers: {},
  created_at: new Date(0),
});
const ids = (chunks: OutboxRow[][]): string[][] => chunks.map((chunk) => chunk.map((r) => r.id));

describe('chunkRows', () => {
  const rows = ['1', '2', '3', '4', '5'].map((id) => row(id));

  it('keeps the order and cuts by count', () => {
    expect(ids(chunkRows(rows, 2, 1_000_000))).toEqual([['1', '2'], ['3', '4'], ['5']]);
    expect(ids(chunkRows(rows, 10, 1_000_000))).toEqual([['1', '2', '3', '4', '5']]);
    expect(chunkRows([], 10, 10)).toEqual([]);
  });

  it('cuts by bytes, and a row larger than the bound travels alone', () => {
    const sizes: Record<string, number> = { '1': 40, '2': 40, '3': 150, '4': 10, '5': 10 };
    expect(ids(chunkRows(rows, 10, 100, (r) => sizes[r.id]))).toEqual([
      ['1', '2'],
      ['3'],
      ['4', '5'],
    ]);
  });

  it("estimates a row as its payload text's UTF-8 bytes plus the envelope overhead", () => {
    expect(estimateSize(row('1', '{"a": "xyz"}'))).toBe(400 + 1 + '{"a": "xyz"}'.length);
    expect(estimateSize(row('1', '{"a": "é€"}'))).toBe(400 + 1 + 9 + 2 + 3);
  });
});
