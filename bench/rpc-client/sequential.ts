// Sequential round trips measured the same way for every Node side (ecflow-ping.py does the same in Python).
import type { PingStats } from './ecflow-pinger.js';

/** {@link PingStats} plus the client's CPU time per call. */
export interface NodePingStats extends PingStats {
  /** User + system CPU microseconds of this process per call. */
  readonly cpuUs: number;
}

/** Makes `calls` sequential calls of `ping`, timing each one. */
export async function measureSequential(ping: () => Promise<unknown>, calls: number): Promise<NodePingStats> {
  const times = new Float64Array(calls);
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    const before = performance.now();
    await ping();
    times[i] = performance.now() - before;
  }
  const rate = (calls / (performance.now() - start)) * 1000;
  const used = process.cpuUsage(cpu);
  times.sort();
  return { rate, p50Us: (times[calls >> 1] ?? 0) * 1000, cpuUs: (used.user + used.system) / calls };
}
