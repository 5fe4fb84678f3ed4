import { z } from 'zod';

/**
 * quantity and amount_cents are Postgres `integer` columns: a larger number passed the schema,
 * then failed the saga's first insert (a compensated saga, a 404 for the order just posted).
 */
const MAX_INTEGER_COLUMN = 2_147_483_647;

/** What an order id may be: the orderId a client sends, or the UUID the service gives. */
export const ORDER_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Text a Postgres `text` column stores: a NUL character or an unpaired UTF-16 surrogate passed the
 * schema, then failed the saga's insert with a 500.
 */
const storableText = z
  .string()
  .min(1)
  .refine(
    (text) => !text.includes('\u0000') && !/\p{Cs}/u.test(text),
    'no NUL character or unpaired surrogate',
  );

/** The body of `POST /orders`. `orderId` is optional: send one to make a retried POST safe. */
export const PlaceOrderRequest = z.object({
  orderId: z
    .string()
    .regex(ORDER_ID, 'letters, digits, dots, underscores or hyphens, at most 64')
    .optional(),
  customerId: storableText,
  sku: storableText,
  quantity: z.number().int().positive().max(MAX_INTEGER_COLUMN, `at most ${MAX_INTEGER_COLUMN}`),
  amountCents: z.number().int().positive().max(MAX_INTEGER_COLUMN, `at most ${MAX_INTEGER_COLUMN}`),
});
export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequest>;

export const placeOrderRequestExample = {
  customerId: 'customer-1',
  sku: 'SKU-1',
  quantity: 2,
  amountCents: 4990,
};

/** Every problem of a body, one per line, with a valid example: a 400's message. */
export function describeInvalidRequest(error: z.ZodError): string {
  const problems = error.issues.map(
    (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
  );
  return `Invalid order: ${problems.join('; ')}. Example: ${JSON.stringify(placeOrderRequestExample)}`;
}
