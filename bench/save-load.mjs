// Saves under load, as the server and region benches measure them: autocannon keeps `packages.length`
// connections busy, each request saving one package from the version its last save gave, with the
// seed as content and a figure that changes on every save. A warm-up of the same saves comes first:
// a fresh process compiles the save's code paths as they get hot (the checks' rules take some
// thousands of saves to reach their steady speed) and, on PostgreSQL, prepares its statements. The
// warm-up's own figures are returned too: what the first seconds after a start are like.
import autocannon from 'autocannon';

export const WARMUP_SECONDS = 8;

/**
 * `packages`: { id, headers } each, headers with the session of a user who may save it.
 * Resolves with autocannon's results of the warm-up and of the measured `seconds`.
 */
export async function saveLoad(url, packages, seed, seconds) {
  // The body is built by concatenation, so that the load generator spends its time sending, not
  // serialising the package's JSON.
  const marked = JSON.stringify({ ...seed, signature: { ...seed.signature, phone: '@@N@@' } });
  const [head, tail] = marked.split('@@N@@');
  let counter = 0;
  const measure = async (duration) => {
    // autocannon clears a connection's context after every request, so the packages wait in a pool:
    // a request takes one with its current version and puts it back when answered. A run ends with
    // requests unanswered, so each run starts from the versions the service holds.
    await new Promise((resolve) => setTimeout(resolve, 500)); // the last run's unanswered saves land first
    const free = await Promise.all(packages.map(async (p) => ({ ...p, version: await currentVersion(url, p) })));
    return run({
      url,
      duration,
      connections: packages.length,
      requests: [
        {
          method: 'PUT',
          setupRequest: (req, context) => {
            context.pkg = free.pop();
            return {
              ...req,
              path: `/api/packages/${context.pkg.id}`,
              headers: { ...context.pkg.headers, 'content-type': 'application/json' },
              body: `{"version":${context.pkg.version},"data":${head}${++counter}${tail}}`,
            };
          },
          onResponse: (status, _body, context) => {
            if (status === 200) context.pkg.version++;
            free.push(context.pkg);
          },
        },
      ],
    });
  };
  const warmUp = await measure(WARMUP_SECONDS);
  return { warmUp, steady: await measure(seconds) };
}

async function currentVersion(url, { id, headers }) {
  const res = await fetch(`${url}/api/packages/${id}`, { headers });
  if (res.status !== 200) throw new Error(`package ${id}: ${res.status} ${await res.text()}`);
  return (await res.json()).version;
}

function run(options) {
  return new Promise((resolve, reject) => autocannon(options, (err, result) => (err ? reject(err) : resolve(result))));
}
