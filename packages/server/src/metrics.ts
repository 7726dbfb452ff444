/**
 * What an operator watches: `/metrics` in Prometheus' text format (requests, latencies, the job
 * queue, the render and import pools, the event loop's delay), and the probes a supervisor asks:
 * `/api/health/live` (the process answers) and `/api/health/ready` (the database answers too).
 * Written by hand: a dozen series need no client library.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Services } from './context.js';

/** Upper bounds of the latency buckets, in seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface Latency {
  counts: number[];
  sum: number;
  count: number;
}

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Loopback callers may always read the metrics; others only with JIXIAO_METRICS_TOKEN as a bearer token. */
function mayRead(request: FastifyRequest, token: string | undefined): boolean {
  if (token && request.headers.authorization === `Bearer ${token}`) return true;
  return request.ip === '127.0.0.1' || request.ip === '::1' || request.ip === '::ffff:127.0.0.1';
}

export function observability(app: FastifyInstance, s: Services, metricsToken: string | undefined): void {
  const requests = new Map<string, number>();
  const latencies = new Map<string, Latency>();
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  app.addHook('onClose', async () => loop.disable());

  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern ("/api/packages/:id"), never the address itself: ids would make endless series.
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `method="${request.method}",route="${label(route)}",status="${reply.statusCode}"`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
    const seconds = reply.elapsedTime / 1000;
    const latency = latencies.get(route) ?? { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) latency.counts[i] = (latency.counts[i] ?? 0) + 1;
    });
    latency.sum += seconds;
    latency.count += 1;
    latencies.set(route, latency);
  });

  app.get('/api/health/live', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/api/health/ready', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(s.db.kysely);
      return { ok: true, database: s.db.dialect };
    } catch {
      return reply.status(503).send({ error: { code: 'INTERNAL', message: '数据库暂时无法访问，服务尚未就绪。' } });
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!mayRead(request, metricsToken)) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `没有这个接口或文件：GET /metrics` } });
    }
    const jobs = await s.db.kysely
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: string[]) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
    metric(
      'jixiao_http_requests_total',
      'counter',
      'HTTP requests answered, by method, route and status.',
      [...requests].map(([k, v]) => `jixiao_http_requests_total{${k}} ${v}`),
    );
    metric(
      'jixiao_http_request_duration_seconds',
      'histogram',
      'Time to answer, by route.',
      [...latencies].flatMap(([route, l]) => [
        ...BUCKETS.map((bound, i) => `jixiao_http_request_duration_seconds_bucket{route="${label(route)}",le="${bound}"} ${l.counts[i]}`),
        `jixiao_http_request_duration_seconds_bucket{route="${label(route)}",le="+Inf"} ${l.count}`,
        `jixiao_http_request_duration_seconds_sum{route="${label(route)}"} ${l.sum.toFixed(6)}`,
        `jixiao_http_request_duration_seconds_count{route="${label(route)}"} ${l.count}`,
      ]),
    );
    metric(
      'jixiao_jobs',
      'gauge',
      'Background jobs (exports, audits, opening tasks) by status.',
      ['queued', 'running', 'done', 'failed'].map(
        (status) => `jixiao_jobs{status="${status}"} ${Number(jobs.find((j) => j.status === status)?.n ?? 0)}`,
      ),
    );
    metric('jixiao_render_busy', 'gauge', 'Documents being rendered or waiting for the render thread.', [
      `jixiao_render_busy ${s.renderer.busy}`,
    ]);
    const load = s.pool.load;
    metric('jixiao_import_pool_threads', 'gauge', 'Threads of the import pool.', [`jixiao_import_pool_threads ${s.pool.size}`]);
    metric('jixiao_import_pool_running', 'gauge', 'Files being read by the import pool.', [`jixiao_import_pool_running ${load.running}`]);
    metric('jixiao_import_pool_queued', 'gauge', 'Files waiting for the import pool.', [`jixiao_import_pool_queued ${load.queued}`]);
    metric('jixiao_event_loop_delay_seconds', 'gauge', 'Delay of the event loop since start (p99 and max).', [
      `jixiao_event_loop_delay_seconds{quantile="0.99"} ${(loop.percentile(99) / 1e9).toFixed(6)}`,
      `jixiao_event_loop_delay_seconds{quantile="1"} ${(loop.max / 1e9).toFixed(6)}`,
    ]);
    metric('process_resident_memory_bytes', 'gauge', 'Resident memory of the service process.', [
      `process_resident_memory_bytes ${process.memoryUsage().rss}`,
    ]);
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
}
