import { BenchUsageError } from './errors';

export type TargetOperator = '>=' | '>' | '<=' | '<';

export interface Target {
  operator: TargetOperator;
  bound: number;
}

const TARGET_PATTERN = /^\s*(>=|<=|>|<)\s*(\d+(?:\.\d+)?)\s*$/;

/** Parses a target on the ratio, e.g. ">= 0.95" or "<= 1.2". */
export function parseTarget(text: string): Target {
  const match = TARGET_PATTERN.exec(text);
  if (!match)
    throw new BenchUsageError(
      `Invalid target "${text}", expected an operator (>=, >, <=, <) and a number, e.g. ">= 0.95".`,
    );
  return { operator: match[1] as TargetOperator, bound: Number(match[2]) };
}

export function meetsTarget(ratio: number, target: string | Target): boolean {
  const { operator, bound } = typeof target === 'string' ? parseTarget(target) : target;
  switch (operator) {
    case '>=':
      return ratio >= bound;
    case '>':
      return ratio > bound;
    case '<=':
      return ratio <= bound;
    case '<':
      return ratio < bound;
  }
}
