import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { type SagaOrchestrator, UnknownSagaTypeError } from '@platform/saga';
import { SagaQueryController } from './saga-query.controller';

function controllerResuming(resume: SagaOrchestrator['resume']): SagaQueryController {
  return new SagaQueryController({ resume } as SagaOrchestrator);
}

describe('POST /sagas/:id/resume', () => {
  it('answers 202 { resumed: true } for a parked saga', async () => {
    await expect(controllerResuming(async () => true).resume('s-1')).resolves.toEqual({
      resumed: true,
    });
  });

  it('answers 404 when no saga by that id needs attention', async () => {
    await expect(controllerResuming(async () => false).resume('s-1')).rejects.toThrow(
      new NotFoundException('No saga s-1 that needs attention'),
    );
  });

  it('answers 409 with the reason for a saga of a type this service does not run', async () => {
    const refusal = controllerResuming(async () => {
      throw new UnknownSagaTypeError('s-1', 'billing', ['place-order']);
    }).resume('s-1');
    await expect(refusal).rejects.toBeInstanceOf(ConflictException);
    await expect(refusal).rejects.toThrow(
      'Saga s-1 is a "billing" saga, which this orchestrator does not run (it runs "place-order")',
    );
  });

  it('lets any other error through (a database failure is a 500)', async () => {
    const failure = new Error('connection terminated');
    await expect(
      controllerResuming(async () => {
        throw failure;
      }).resume('s-1'),
    ).rejects.toBe(failure);
  });
});

describe('ids and types no saga can have (Postgres cannot store them)', () => {
  const orchestrator = {
    find: async () => {
      throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
    },
    resume: async () => {
      throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
    },
    list: async () => {
      throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
    },
  } as unknown as SagaOrchestrator;
  const controller = new SagaQueryController(orchestrator);

  it('answers 404 for GET and POST resume with a NUL or a lone surrogate in the id, without asking the database', async () => {
    await expect(controller.find('s-1\u0000')).rejects.toThrow(
      new NotFoundException('No saga with that id'),
    );
    await expect(controller.find('s-\ud800')).rejects.toBeInstanceOf(NotFoundException);
    await expect(controller.resume('\u0000')).rejects.toBeInstanceOf(NotFoundException);
  });

  it('answers 400 for a type with a NUL', () => {
    expect(() => controller.list(undefined, 'place\u0000order')).toThrow(BadRequestException);
  });
});
