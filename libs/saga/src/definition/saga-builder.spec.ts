import { defineCommand } from './command';
import { failure, isSagaFailure, success } from './outcome';
import { saga } from './saga-builder';

const ping = defineCommand<{ n: number }, { pong: number }>({ topic: 'pong.ball.commands', type: 'ping' });

describe('saga DSL', () => {
  it('builds the steps in the order they read, with their compensations and defaults', () => {
    const definition = saga<{ n: number }>({ name: 'ping-pong', replyTopic: 'ping.ball.replies', stepTimeoutMs: 2_000 })
      .step('prepare')
      .local(() => undefined)
      .withCompensation(() => undefined)
      .step('ping')
      .invoke((data) => ping.with({ n: data.n }), { timeoutMs: 500 })
      .onReply((data, reply) => ({ n: data.n + reply.pong }))
      .withCompensation((data) => ping.with({ n: -data.n }))
      .step('finish')
      .local(() => undefined)
      .build();
    expect(definition.steps.map((step) => [step.index, step.name, step.action.kind, step.compensation?.kind])).toEqual([
      [0, 'prepare', 'local', 'local'],
      [1, 'ping', 'invoke', 'invoke'],
      [2, 'finish', 'local', undefined],
    ]);
    expect(definition.steps[1].action).toMatchObject({ kind: 'invoke', timeoutMs: 500 });
    expect(definition.stepTimeoutMs).toBe(2_000);
    expect(definition.compensation).toEqual({ maxAttempts: 5, timeoutMs: 30_000, backoff: { baseMs: 1_000, maxMs: 60_000 } });
    expect(Object.isFrozen(definition)).toBe(true);
  });

  it('keeps a shared prefix unchanged when two sagas branch from it', () => {
    const prefix = saga({ name: 'shared', replyTopic: 'ping.ball.replies' }).step('a').local(() => undefined);
    const one = prefix.step('b').local(() => undefined).build();
    const two = prefix.build();
    expect(one.steps.map((step) => step.name)).toEqual(['a', 'b']);
    expect(two.steps.map((step) => step.name)).toEqual(['a']);
  });

  it.each([
    [() => saga({ name: 'Create Order', replyTopic: 'orders.order.replies' }), 'Invalid saga name, expected lowercase words joined by hyphens (e.g. reserve-stock) received "Create Order"'],
    [() => saga({ name: 'create-order', replyTopic: 'orders.order.commands' }), 'Invalid reply topic "orders.order.commands": expected <domain>.<entity>.replies, e.g. orders.order.replies'],
    [() => saga({ name: 'create-order', replyTopic: 'orders.replies' }), /segments/],
    [() => saga({ name: 'create-order', replyTopic: 'orders.order.replies' }).build(), 'Invalid saga "create-order": expected at least one step'],
    [() => saga({ name: 'x', replyTopic: 'orders.order.replies', stepTimeoutMs: 0 }), 'Invalid stepTimeoutMs, expected an integer >= 1 (ms) received 0'],
    [() => saga({ name: 'x', replyTopic: 'orders.order.replies', compensation: { maxAttempts: 0 } }), 'Invalid compensation.maxAttempts, expected an integer >= 1 received 0'],
    [
      () => saga({ name: 'x', replyTopic: 'orders.order.replies' }).step('a').local(() => undefined).step('a'),
      'Invalid step name "a" in saga "x": a step with that name is already declared',
    ],
    [() => saga({ name: 'x', replyTopic: 'orders.order.replies' }).step('a').invoke(undefined as never), 'Invalid step "a" invoke, expected a function received undefined'],
    [() => defineCommand({ topic: 'inventory.stock.replies', type: 'reserve' }), 'Invalid command topic "inventory.stock.replies": expected <domain>.<entity>.commands, e.g. inventory.stock.commands'],
    [() => defineCommand({ topic: 'inventory.stock.commands', type: 'Reserve' }), /Invalid command type/],
    [
      () => defineCommand({ topic: 'inventory.stock.commands', type: 'reserve', schema: { sku: 'string' } as never }),
      'Invalid schema of command "reserve", expected a zod schema (e.g. z.object({ ... })) received object',
    ],
  ])('refuses bad input with a precise message (%#)', (build, message) => {
    expect(build).toThrow(message);
  });

  it('takes a backoff field left undefined as its default, and a baseMs above the default maxMs as the cap too', () => {
    const policy = (backoff: object) => saga({ name: 'x', replyTopic: 'orders.order.replies', compensation: { backoff } }).step('a').local(() => undefined).build().compensation.backoff;
    expect(policy({ baseMs: undefined, maxMs: undefined })).toEqual({ baseMs: 1_000, maxMs: 60_000 });
    expect(policy({ baseMs: 120_000 })).toEqual({ baseMs: 120_000, maxMs: 120_000 });
    expect(() => policy({ baseMs: 2_000, maxMs: 1_000 })).toThrow('Invalid compensation.backoff.maxMs, expected an integer >= 2000 (ms) received 1000');
  });

  it('names a compensation timeout as such when it is refused', () => {
    expect(() => saga({ name: 'x', replyTopic: 'orders.order.replies' }).step('a').invoke(() => ping.with({ n: 1 })).withCompensation(() => ping.with({ n: 0 }), { timeoutMs: 0 })).toThrow(
      'Invalid compensation timeoutMs of step "a", expected an integer >= 1 (ms) received 0',
    );
  });

  it('builds with the options it checked, even if the caller changes its options object afterwards', () => {
    const options = { name: 'checked', replyTopic: 'orders.order.replies', stepTimeoutMs: 1_000 };
    const steps = saga(options);
    Object.assign(options, { name: 'Not Checked', replyTopic: 'orders.order.commands', stepTimeoutMs: -1 });
    const definition = steps.step('a').local(() => undefined).build();
    expect([definition.name, definition.replyTopic, definition.stepTimeoutMs]).toEqual(['checked', 'orders.order.replies', 1_000]);
  });

  it('refuses a timeout so long its deadline is no date (a MAX_SAFE_INTEGER meant as "forever")', () => {
    const forever = Number.MAX_SAFE_INTEGER;
    const refusal = (what: string, hint = '') => `Invalid ${what}, expected at most 3155760000000 (ms, 100 years${hint}) received ${forever}`;
    const unset = '; leave it unset to wait forever';
    expect(() => saga({ name: 'x', replyTopic: 'orders.order.replies', stepTimeoutMs: forever })).toThrow(refusal('stepTimeoutMs', unset));
    expect(() => saga({ name: 'x', replyTopic: 'orders.order.replies' }).step('a').invoke(() => ping.with({ n: 1 }), { timeoutMs: forever })).toThrow(refusal('timeoutMs of step "a"', unset));
    expect(() => saga({ name: 'x', replyTopic: 'orders.order.replies', compensation: { backoff: { maxMs: forever } } })).toThrow(refusal('compensation.backoff.maxMs'));
  });

  it('builds commands with an optional key', () => {
    expect(ping.with({ n: 1 })).toEqual({ topic: 'pong.ball.commands', type: 'ping', payload: { n: 1 } });
    expect(ping.with({ n: 1 }, { key: 'k' })).toEqual({ topic: 'pong.ball.commands', type: 'ping', payload: { n: 1 }, key: 'k' });
  });

  it('tells a failure from data, and keeps the brand out of JSON', () => {
    expect(success({ a: 1 })).toEqual({ outcome: 'success', payload: { a: 1 } });
    expect(isSagaFailure(failure('nope'))).toBe(true);
    expect(isSagaFailure({ outcome: 'failure', reason: 'looks like one' })).toBe(false);
    expect(JSON.stringify(failure('nope', { x: 1 }))).toBe('{"outcome":"failure","reason":"nope","details":{"x":1}}');
    expect(() => failure('')).toThrow('Invalid failure reason, expected a non-empty string received ""');
  });
});
