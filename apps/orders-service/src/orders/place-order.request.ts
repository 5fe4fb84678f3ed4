import { z } from 'zod';

/** The body of `POST /orders`. `orderId` is optional: send one to make a retried POST safe. */
export const PlaceOrderRequest = z.object({
  orderId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dots, underscores or hyphens, at most 64')
    .optional(),
  customerId: z.string().min(1),
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  amountCents: z.number().int().positive(),
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
