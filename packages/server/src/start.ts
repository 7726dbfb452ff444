/**
 * `npm start`: the service on the embedded database (or DATABASE_URL). For a newcomer it creates the
 * demo region on first start and says so; with NODE_ENV=production or JIXIAO_DEMO=0 it starts without
 * demo data, as `jixiao serve` does.
 */
import { serve } from './serve.js';

const demo = process.env.JIXIAO_DEMO !== undefined ? process.env.JIXIAO_DEMO !== '0' : process.env.NODE_ENV !== 'production';
// JIXIAO_PROCESSES=N: N app processes on the port (PostgreSQL only), as `jixiao serve --processes N`.
await serve({ demo, processes: Number(process.env.JIXIAO_PROCESSES ?? 1) });
