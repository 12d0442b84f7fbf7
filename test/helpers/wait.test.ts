import test from 'ava';
import { waitFor } from './wait.js';

test('waitFor returns the first truthy value the condition gives, checking again until then', async (t) => {
  let checks = 0;
  const value = await waitFor(() => ++checks >= 3 && { checks }, { timeoutMs: 10_000, what: 'the third check', intervalMs: 1 });
  t.deepEqual(value, { checks: 3 });
});

test('waitFor keeps checking through a condition that throws', async (t) => {
  let checks = 0;
  const value = await waitFor(
    async () => {
      if (++checks < 3) throw new Error('not up yet');
      return 'up';
    },
    { timeoutMs: 10_000, what: 'the server', intervalMs: 1 },
  );
  t.is(value, 'up');
});

test('waitFor fails past its bound, naming what it waited for and what the last check saw', async (t) => {
  await t.throwsAsync(
    waitFor(() => ({ open: 1 }).open > 1, { timeoutMs: 20, what: 'no open watch' }),
    {
      message: 'timed out after 20 ms waiting for no open watch (last check: it returned false)',
    },
  );
  await t.throwsAsync(
    waitFor(
      () => {
        throw new Error('ECONNREFUSED');
      },
      { timeoutMs: 20, what: 'the server' },
    ),
    { message: 'timed out after 20 ms waiting for the server (last check: it threw ECONNREFUSED)' },
  );
});
