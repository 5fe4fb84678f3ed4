import { HealthIndicatorService } from '@nestjs/terminus';
import type { Admin } from 'kafkajs';
import type { KafkaTransport } from '../transport/kafka-transport';
import { KafkaHealthIndicator } from './kafka-health.indicator';

const admin = { describeCluster: async () => ({ brokers: [{}, {}, {}] }) } as unknown as Admin;

/** A transport as the indicator reads it: the topics it consumes and whether it is in its group. */
const transport = (topics: string[], member: boolean) =>
  ({
    groupId: 'billing',
    subscribedTopics: () => topics,
    isMember: () => member,
  }) as unknown as KafkaTransport;

const check = (subject?: KafkaTransport) =>
  new KafkaHealthIndicator(new HealthIndicatorService(), admin, subject).isHealthy();

describe('KafkaHealthIndicator', () => {
  it('is up for a service that only produces: no handler, no consumer, no group to be in', async () => {
    expect(await check(transport([], false))).toEqual({ kafka: { status: 'up', brokers: 3 } });
    expect(await check(undefined)).toEqual({ kafka: { status: 'up', brokers: 3 } });
  });

  it('needs a consuming service to be a member of its group', async () => {
    expect(await check(transport(['orders.order.created'], true))).toEqual({
      kafka: { status: 'up', brokers: 3, group: 'billing', member: true },
    });
    expect(await check(transport(['orders.order.created'], false))).toEqual({
      kafka: {
        status: 'down',
        brokers: 3,
        group: 'billing',
        member: false,
        message: 'consumer is not a member of its group',
      },
    });
  });

  it('is down, saying why, when no broker answers', async () => {
    const unreachable = {
      describeCluster: async () => Promise.reject(new Error('connect ECONNREFUSED')),
    } as unknown as Admin;
    const indicator = new KafkaHealthIndicator(new HealthIndicatorService(), unreachable);
    expect(await indicator.isHealthy()).toEqual({
      kafka: { status: 'down', message: 'broker unreachable: connect ECONNREFUSED' },
    });
  });

  it('gives the reason when the admin client rejects with something other than an Error', async () => {
    const odd = {
      describeCluster: async () => Promise.reject('socket hang up'),
    } as unknown as Admin;
    const indicator = new KafkaHealthIndicator(new HealthIndicatorService(), odd);
    expect(await indicator.isHealthy()).toEqual({
      kafka: { status: 'down', message: 'broker unreachable: socket hang up' },
    });
  });
});
