import type { TopicRole } from '@platform/kafka';

/** How each role is grouped, drawn and named; the order is the order of the groups. */
export const ROLE_STYLES: readonly {
  role: TopicRole;
  group: string;
  kind: string;
  shape: (label: string) => string;
}[] = [
  { role: 'events', group: 'Events', kind: 'event', shape: (label) => `(["${label}"])` },
  { role: 'changelog', group: 'Changelogs', kind: 'changelog', shape: (label) => `[("${label}")]` },
  {
    role: 'commands',
    group: 'Saga commands',
    kind: 'saga command',
    shape: (label) => `{{"${label}"}}`,
  },
  {
    role: 'replies',
    group: 'Saga replies',
    kind: 'saga reply',
    shape: (label) => `[/"${label}"/]`,
  },
  { role: 'retry', group: 'Retry topics', kind: 'retry', shape: (label) => `("${label}")` },
  {
    role: 'dead-letter',
    group: 'Dead letters',
    kind: 'dead letter',
    shape: (label) => `("${label}")`,
  },
];

export function roleStyle(role: TopicRole): (typeof ROLE_STYLES)[number] {
  return ROLE_STYLES.find((style) => style.role === role) ?? ROLE_STYLES[0];
}
