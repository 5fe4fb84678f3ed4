import { PlaceOrderRequest } from './place-order.request';

const valid = { customerId: 'customer-1', sku: 'SKU-1', quantity: 2, amountCents: 4990 };

describe('PlaceOrderRequest', () => {
  it('accepts the largest quantity and amount the orders table holds', () => {
    expect(
      PlaceOrderRequest.safeParse({ ...valid, quantity: 2_147_483_647, amountCents: 2_147_483_647 })
        .success,
    ).toBe(true);
  });

  it.each(['quantity', 'amountCents'])(
    'refuses a %s above a Postgres integer, naming the field and the limit',
    (field) => {
      const parsed = PlaceOrderRequest.safeParse({ ...valid, [field]: 3_000_000_000 });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues).toEqual([
        expect.objectContaining({
          path: [field],
          message: expect.stringContaining('2147483647'),
        }),
      ]);
    },
  );

  it.each([
    ['customerId', 'a NUL character', 'customer\u0000-1'],
    ['sku', 'an unpaired surrogate', 'SKU-\ud800'],
  ])('refuses a %s with %s, which Postgres cannot store', (field, _what, value) => {
    const parsed = PlaceOrderRequest.safeParse({ ...valid, [field]: value });
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: [field], message: expect.stringContaining('NUL') }),
    ]);
  });

  it('accepts text beyond the Basic Multilingual Plane (a surrogate pair)', () => {
    expect(PlaceOrderRequest.safeParse({ ...valid, customerId: 'customer-😀' }).success).toBe(true);
  });
});
