import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

/** /health and /metrics for a service; needs KafkaModule.forRoot (global) in the same app. */
@Module({ imports: [TerminusModule], controllers: [HealthController, MetricsController] })
export class ObservabilityModule {}
