/**
 * The layers of the event path, lowest first: "naming ← kafka core ← outbox/inbox ← saga ← Nest
 * adapters ← apps". A lib says which one it is with its Nx tag `layer:<layer>`; tools (tools/*,
 * generators) and apps are layers of their own, told by their folder.
 */
export const LIB_LAYERS = [
  'naming',
  'kafka-core',
  'database',
  'outbox',
  'saga',
  'nest-adapter',
  'testing',
] as const;

export type LibLayer = (typeof LIB_LAYERS)[number];
export type Layer = LibLayer | 'tool' | 'app';

/** Everything but the test harnesses: what services run. */
const PRODUCTION_LIBS: readonly Layer[] = LIB_LAYERS.filter((layer) => layer !== 'testing');

/** The cores run without Nest: an app on another framework (or none) can use them as they are. */
export const FRAMEWORK_FREE_LAYERS: readonly Layer[] = PRODUCTION_LIBS.filter(
  (layer) => layer !== 'nest-adapter',
);

/**
 * What each layer's runtime code may import. Lower never imports higher; database is a core of its
 * own beside kafka (the outbox joins the two), so neither imports the other. Nest adapters may use
 * each other (outbox-nest builds on kafka-nest). Testing libs are harnesses: they may use any lib
 * and the local-broker tool, never an app. Tools may use any lib or tool. Apps use the production
 * libs and each other (a service imports another's catalog or commands), never a tool.
 * Test-only files may also import the testing libs (see isTestOnlyFile).
 */
export const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  naming: [],
  'kafka-core': ['naming'],
  database: ['naming'],
  outbox: ['naming', 'kafka-core', 'database'],
  saga: ['naming', 'kafka-core', 'database', 'outbox'],
  'nest-adapter': PRODUCTION_LIBS,
  testing: [...PRODUCTION_LIBS, 'testing', 'tool'],
  tool: [...PRODUCTION_LIBS, 'testing', 'tool'],
  app: [...PRODUCTION_LIBS, 'app'],
};

export function isLibLayer(value: string): value is LibLayer {
  return (LIB_LAYERS as readonly string[]).includes(value);
}
