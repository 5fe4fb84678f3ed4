import { type Failure } from './errors';

// One shape for every dot-separated segment and for service names: lowercase ASCII so names
// never differ only by case, a leading letter, and hyphens only between words. No "_", because
// Kafka's metrics treat "." and "_" alike and would make two topics collide.
// The detail is a predicate; callers put the subject in front ('segment "X" must ...').
export function segmentShapeFailure(segment: string): Failure | undefined {
  if (/[A-Z]/.test(segment)) return { rule: 'lowercase', detail: 'must be lowercase' };
  if (!/^[a-z]/.test(segment)) {
    return {
      rule: 'leading-letter',
      detail: `must start with a letter a-z, received ${JSON.stringify(segment.charAt(0))}`,
    };
  }
  const stray = /[^a-z0-9-]/.exec(segment);
  if (stray) {
    return {
      rule: 'characters',
      detail: `may contain only a-z, 0-9 and "-", received ${JSON.stringify(stray[0])}`,
    };
  }
  if (segment.includes('--')) return { rule: 'hyphens', detail: 'must not contain "--"' };
  if (segment.endsWith('-')) return { rule: 'hyphens', detail: 'must not end with "-"' };
  return undefined;
}
