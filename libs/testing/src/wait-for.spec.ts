import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves once the condition holds', async () => {
    let calls = 0;
    await waitFor('the third call', () => ++calls === 3);
    expect(calls).toBe(3);
  });

  it('rejects after the timeout, naming what it waited for', async () => {
    await expect(waitFor('the relay to publish', async () => false, 150)).rejects.toThrow(
      'Timed out after 150 ms waiting for the relay to publish',
    );
  });
});
