// A local target that remembers every token its targets were given (admin and load), for tests that look for them
// in every file a run wrote.
import { localTarget } from '../../src/targets/local/local-target.js';

export function tokenRecordingLocalTarget(kubeVersion: string) {
  const tokens: string[] = [];
  const local = localTarget({ kubeVersion, log: () => {} });
  const provider = {
    ...local,
    start: async (v: Parameters<typeof local.start>[0]) => {
      const running = await local.start(v);
      for (const token of [running.token, running.load?.token]) if (token) tokens.push(token);
      return running;
    },
  };
  return { provider, tokens };
}
