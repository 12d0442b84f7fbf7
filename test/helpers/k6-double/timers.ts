// k6/timers: Node's timers have the same shape.
export { clearTimeout, setTimeout } from 'node:timers';
