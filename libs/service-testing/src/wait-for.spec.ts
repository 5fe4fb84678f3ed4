import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves once the condition holds', async () => {
    let calls = 0;
    await waitFor(() => ++calls === 3, 'the third call');
    expect(calls).toBe(3);
  });

  it('rejects after the timeout, naming what it waited for', async () => {
    await expect(waitFor(async () => false, 'the relay to publish', 150)).rejects.toThrow(
      'Timed out after 150 ms waiting for the relay to publish',
    );
  });
});
