// The headings `ksb run --help` (and capacity, collect) groups its options under: the groups the docs use.
export const HELP_GROUPS = {
  general: 'Options:',
  target: 'Target:',
  serverBuild: 'Server build (local and kind targets):',
  variants: 'Variants and statistics:',
  prometheus: 'Prometheus:',
  engine: 'Engine:',
  k6: 'Bring-your-own k6 (--engine k6):',
} as const;
