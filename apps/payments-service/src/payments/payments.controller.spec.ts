import { NotFoundException } from '@nestjs/common';
import { PaymentsController } from './payments.controller';
import type { PaymentsRepository } from './payments.repository';

describe('PaymentsController GET /payments/:orderId', () => {
  it('answers 404 for an order id with a NUL character, without asking the database (which refuses it)', async () => {
    const payments = {
      findByOrder: async () => {
        throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
      },
    } as unknown as PaymentsRepository;
    await expect(new PaymentsController(payments).get('order\u0000-1')).rejects.toBeInstanceOf(
      NotFoundException,
    );
  });
});
