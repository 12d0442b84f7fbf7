// The flags of a replicated local target (`--apiservers N`): how many apiservers, whether a killed one comes back,
// kube-apiserver's --goaway-chance, and the bystander that measures availability through the load balancer.
import { InvalidArgumentError, type Command } from 'commander';
import { InputError } from '../errors/input-error.js';
import { parsePositiveInt } from './parse.js';

export interface HaFlags {
  apiservers: number;
  restartKilled: 'on' | 'off';
  goawayChance?: number;
  /** undefined: on with several apiservers, off with one */
  bystander?: boolean;
}

/** kube-apiserver accepts 0 to 0.02 (its help suggests 0.001). */
export function parseGoawayChance(value: string): number {
  const p = Number(value);
  if (!/^\d*\.?\d+(e-?\d+)?$/i.test(value.trim()) || !(p >= 0 && p <= 0.02))
    throw new InvalidArgumentError(`expected a probability from 0 to 0.02 (kube-apiserver's range; 0.001 is suggested), got "${value}"`);
  return p;
}

function parseOnOff(value: string): 'on' | 'off' {
  if (value !== 'on' && value !== 'off') throw new InvalidArgumentError(`expected on or off, got "${value}"`);
  return value;
}

export function addHaFlags(c: Command): Command {
  return c
    .option(
      '--apiservers <n>',
      'local target: kube-apiservers on one etcd, behind a loopback load balancer (haproxy, or a built-in one) when more than 1',
      parsePositiveInt,
      1,
    )
    .option(
      '--restart-killed <on|off>',
      "with --apiservers: start an apiserver that died again after kubelet's back-off (10 s doubling to 5 min)",
      parseOnOff,
      'on',
    )
    .option(
      '--goaway-chance <p>',
      "local target: kube-apiserver's --goaway-chance (0 to 0.02), for apiservers behind a load balancer",
      parseGoawayChance,
    )
    .option(
      '--bystander',
      'a few reads and writes a second through the target, their errors and latency over time (default with --apiservers > 1)',
    )
    .option('--no-bystander', 'no bystander');
}

/** The target's part of the flags, refused (exit 2) where the target is not the local one. */
export function haFromFlags(o: HaFlags, target: string): { apiservers: number; restartKilled: boolean; goawayChance?: number } {
  if (target !== 'local') {
    if (o.apiservers > 1)
      throw new InputError(`--apiservers: needs the local target (--target local); the ${target} target runs what it runs`);
    if (o.goawayChance !== undefined)
      throw new InputError(`--goaway-chance: needs the local target (--target local), whose kube-apiservers ksb starts`);
  }
  return { apiservers: o.apiservers, restartKilled: o.restartKilled === 'on', goawayChance: o.goawayChance };
}

/** The bystander runs by default with several apiservers. */
export function bystanderWanted(o: HaFlags): boolean {
  return o.bystander ?? o.apiservers > 1;
}
