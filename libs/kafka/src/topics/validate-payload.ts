import { SchemaValidationError } from '../errors';
import type { TopicDefinition } from './catalog';

/** Parses a payload with its topic's schema; a mismatch names each failing field. */
export function validatePayload<T>(topic: TopicDefinition<T>, payload: unknown): T {
  const result = topic.schema.safeParse(payload);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  throw new SchemaValidationError(topic.name, issues);
}
