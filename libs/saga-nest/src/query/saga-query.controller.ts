import { BadRequestException, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { SAGA_STATES, SagaOrchestrator, type SagaInstance, type SagaState, type SagaView, UnknownSagaTypeError } from '@platform/saga';

/** The saga query API: one saga with its step history, sagas by state, and resuming a parked one. */
@Controller('sagas')
export class SagaQueryController {
  constructor(private readonly orchestrator: SagaOrchestrator) {}

  @Get()
  list(@Query('state') state?: string, @Query('type') type?: string, @Query('limit') limit?: string): Promise<SagaInstance[]> {
    if (state !== undefined && !SAGA_STATES.includes(state as SagaState)) {
      throw new BadRequestException(`Invalid state "${state}", expected one of ${SAGA_STATES.join(', ')}`);
    }
    if (type !== undefined && !storable(type)) {
      throw new BadRequestException('Invalid type: a saga type has no NUL character or lone surrogate');
    }
    const count = limit === undefined ? undefined : Number(limit);
    if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 1000)) {
      throw new BadRequestException(`Invalid limit "${limit}", expected an integer from 1 to 1000`);
    }
    return this.orchestrator.list({ state: state as SagaState | undefined, type, limit: count });
  }

  @Get(':id')
  async find(@Param('id') id: string): Promise<SagaView> {
    // Postgres cannot store it, so no saga has that id; asking would be a 500.
    if (!storable(id)) throw new NotFoundException('No saga with that id');
    const saga = await this.orchestrator.find(id);
    if (!saga) throw new NotFoundException(`No saga ${id}`);
    return saga;
  }

  /** Gives a saga parked as needs-attention a fresh set of compensation tries. */
  @Post(':id/resume')
  @HttpCode(202)
  async resume(@Param('id') id: string): Promise<{ resumed: true }> {
    if (!storable(id)) throw new NotFoundException('No saga with that id that needs attention');
    let resumed: boolean;
    try {
      resumed = await this.orchestrator.resume(id);
    } catch (error) {
      // Another service's saga in a shared database: the request is fine, this is the wrong service.
      if (error instanceof UnknownSagaTypeError) throw new ConflictException(error.message);
      throw error;
    }
    if (!resumed) throw new NotFoundException(`No saga ${id} that needs attention`);
    return { resumed: true };
  }
}

/** Text Postgres can hold: no NUL (U+0000) and no unpaired UTF-16 surrogate. */
function storable(text: string): boolean {
  return !text.includes('\u0000') && !/\p{Cs}/u.test(text);
}
