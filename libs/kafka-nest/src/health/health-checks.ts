import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { errorMessage } from '@platform/kafka';
import { withTimeout } from './with-timeout';

const CHECK_TIMEOUT_MS = 3000;

/**
 * What else GET /health checks, next to Kafka: other modules add their dependencies here (the
 * outbox's database), so a service whose database is gone stops reporting healthy. A check
 * resolves when healthy and rejects with the reason when not.
 */
@Injectable()
export class HealthChecks {
  private readonly checks = new Map<string, () => Promise<unknown>>();

  constructor(private readonly health: HealthIndicatorService) {}

  /** Adds `name` to /health: up when `check` resolves within 3 s, down with its error's message otherwise. */
  add(name: string, check: () => Promise<unknown>): void {
    if (this.checks.has(name))
      throw new Error(
        `The health check "${name}" is added twice: give each dependency its own name.`,
      );
    this.checks.set(name, check);
  }

  /** One terminus indicator per check, in the order they were added. */
  indicators(): (() => Promise<HealthIndicatorResult>)[] {
    return [...this.checks].map(([name, check]) => async () => {
      const indicator = this.health.check(name);
      try {
        await withTimeout(check(), CHECK_TIMEOUT_MS);
        return indicator.up();
      } catch (error) {
        // A driver may reject with a string or a plain object: the reason must still be shown.
        return indicator.down({ message: errorMessage(error) });
      }
    });
  }
}
