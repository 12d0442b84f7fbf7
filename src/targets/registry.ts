// Target providers by name, as the --target flag names them.
import { mockTarget } from './mock-target.js';
import type { TargetProvider } from './target.js';

export const TARGET_NAMES = ['mock', 'local', 'kind', 'kubeconfig'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export interface TargetFlags {
  kubeVersion?: string;
  memoryLimit?: number;
  context?: string;
  kubeconfig?: string;
  allowRemote?: boolean;
}

export async function targetProvider(name: string, _flags: TargetFlags): Promise<TargetProvider> {
  switch (name) {
    case 'mock':
      return mockTarget;
    default:
      throw new Error(`--target: "${name}" is not available yet (expected one of: mock)`);
  }
}
