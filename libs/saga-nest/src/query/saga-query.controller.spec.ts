import { ConflictException, NotFoundException } from '@nestjs/common';
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
