import { z } from 'zod';

/**
 * quantity and amount_cents are Postgres `integer` columns: a larger number passed the schema,
 * then failed the saga's first insert (a compensated saga, a 404 for the order just posted).
 */
const MAX_INTEGER_COLUMN = 2_147_483_647;

/** The body of `POST /orders`. `orderId` is optional: send one to make a retried POST safe. */
export const PlaceOrderRequest = z.object({
  orderId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dots, underscores or hyphens, at most 64')
    .optional(),
  customerId: z.string().min(1),
  sku: z.string().min(1),
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
