import type { DependencyRule, Violation } from './check-dependencies';

/** A violation found when the rules were introduced, left for its owner to fix. */
export interface KnownViolation {
  rule: DependencyRule;
  project: string;
  targets: readonly string[];
  why: string;
}

/**
 * Real violations the rules found on the day they were written, listed rather than hidden: the
 * rules stay strict for everything else, and the workspace spec fails when one of these is fixed
 * (so the entry is removed) or a new one appears. Each fix changes package-lock.json (npm install)
 * or the projects' graph, which is their owners' call. Shrink this list; never grow it.
 */
export const KNOWN_VIOLATIONS: readonly KnownViolation[] = [];

/** Splits found violations into new ones and known ones; known entries no longer found are stale. */
export function compareWithKnown(
  violations: readonly Violation[],
  known: readonly KnownViolation[] = KNOWN_VIOLATIONS,
): { unexpected: Violation[]; stale: string[] } {
  const matches = (k: KnownViolation, v: Violation, target: string) =>
    k.rule === v.rule && k.project === v.project && target === v.target;
  const unexpected = violations.filter(
    (v) => !known.some((k) => k.targets.some((target) => matches(k, v, target))),
  );
  const stale = known.flatMap((k) =>
    k.targets
      .filter((target) => !violations.some((v) => matches(k, v, target)))
      .map((target) => `${k.rule}: ${k.project} → ${target}`),
  );
  return { unexpected, stale };
}
