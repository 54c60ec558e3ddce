import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { NODE_STATES } from '@isobar/protocol';
import type { Engine } from '../engine/index.js';
import { stateName } from '../model/index.js';

/**
 * The server's Prometheus metrics. Request series are fed by the HTTP facility; the persistence step feeds the
 * journal and checkpoint series through {@link ServerMetrics.observeJournalCommit} and
 * {@link ServerMetrics.observeCheckpoint}.
 */
export interface ServerMetrics {
  /** The prom-client registry (`GET /v1/metrics` renders it). */
  readonly registry: Registry;
  /** Records one completed request. `method` is the RPC method or a route label. */
  observeRequest(method: string, status: number, seconds: number): void;
  /** One group commit of the journal: how long the write + fsync took and how many records it made durable. */
  observeJournalCommit(seconds: number, records: number): void;
  /** One checkpoint: how long it took and its size. */
  observeCheckpoint(seconds: number, bytes: number): void;
  /** Open event streams. */
  setSseClients(count: number): void;
  /** Requests in flight. */
  setActiveRequests(count: number): void;
  /** Stops following the engine. */
  close(): void;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function nodeGauge(registry: Registry, engine: Engine): void {
  // Counted on scrape (a walk over the path index), so state changes cost nothing extra.
  new Gauge({
    name: 'isobar_nodes',
    help: 'Nodes per state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const counts = new Map<string, number>(NODE_STATES.map((state) => [state, 0]));
      for (const node of engine.tree.index.values()) {
        const name = stateName(node.state);
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      for (const [state, count] of counts) this.set({ state }, count);
    },
  });
  new Gauge({
    name: 'isobar_change_seq',
    help: 'Sequence number of the last change record',
    registers: [registry],
    collect() {
      this.set(engine.log.seq);
    },
  });
}

/** Creates the metrics of one server, following `engine`'s change log for jobs submitted. */
export function createServerMetrics(engine: Engine): ServerMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'isobar_rpc_requests_total',
    help: 'Requests by RPC method (or route) and HTTP status',
    labelNames: ['method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'isobar_rpc_request_duration_seconds',
    help: 'Request latency by RPC method (or route) and HTTP status',
    labelNames: ['method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'isobar_jobs_submitted_total',
    help: 'Tasks put in submitted',
    registers: [registry],
  });
  const journal = new Histogram({
    name: 'isobar_journal_commit_seconds',
    help: 'Journal group commit (write + fsync) duration',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const journalRecords = new Counter({
    name: 'isobar_journal_records_total',
    help: 'Records made durable in the journal',
    registers: [registry],
  });
  const checkpoint = new Histogram({
    name: 'isobar_checkpoint_duration_seconds',
    help: 'Checkpoint duration',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 20, 60],
    registers: [registry],
  });
  const checkpointBytes = new Gauge({
    name: 'isobar_checkpoint_bytes',
    help: 'Size of the last checkpoint',
    registers: [registry],
  });
  const sseClients = new Gauge({ name: 'isobar_sse_clients', help: 'Open event streams', registers: [registry] });
  const active = new Gauge({ name: 'isobar_http_active_requests', help: 'Requests in flight', registers: [registry] });
  nodeGauge(registry, engine);
  const unsubscribe = engine.log.subscribe((records) => {
    let submitted = 0;
    for (const record of records) if (record.type === 'node.state' && record.state === 'submitted') submitted++;
    if (submitted > 0) jobs.inc(submitted);
  });
  // Labelled children are looked up once per (method, status) pair: the hot path then does no label hashing.
  const children = new Map<string, { count: Counter; time: Histogram }>();
  return {
    registry,
    observeRequest(method, status, seconds) {
      const key = `${method} ${status}`;
      let child = children.get(key);
      if (child === undefined) {
        const labels = { method, status: String(status) };
        child = {
          count: requests.labels(labels) as unknown as Counter,
          time: latency.labels(labels) as unknown as Histogram,
        };
        children.set(key, child);
      }
      child.count.inc();
      child.time.observe(seconds);
    },
    observeJournalCommit(seconds, records) {
      journal.observe(seconds);
      journalRecords.inc(records);
    },
    observeCheckpoint(seconds, bytes) {
      checkpoint.observe(seconds);
      checkpointBytes.set(bytes);
    },
    setSseClients: (count) => sseClients.set(count),
    setActiveRequests: (count) => active.set(count),
    close: () => void unsubscribe(),
  };
}
