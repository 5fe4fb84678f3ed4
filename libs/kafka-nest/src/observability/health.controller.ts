import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { HealthChecks } from '../health/health-checks';
import { KafkaHealthIndicator } from '../health/kafka-health.indicator';

/**
 * GET /health: 200 when the broker answers, the consumer is in its group and every added check
 * (HealthChecks: the outbox's database, ...) passes; 503 otherwise.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: KafkaHealthIndicator,
    private readonly checks: HealthChecks,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.kafka.isHealthy('kafka'), ...this.checks.indicators()]);
  }
}
