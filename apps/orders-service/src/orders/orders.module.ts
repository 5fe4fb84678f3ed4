import { Module } from '@nestjs/common';
import { OrdersRepository } from './orders.repository';

/** The orders repository, shared by the controller and the saga (SagaModule imports it). */
@Module({ providers: [OrdersRepository], exports: [OrdersRepository] })
export class OrdersModule {}
