import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * Writes `name.br` and `name.gz` beside every script, style sheet and page of the build, compressed once
 * at the highest levels, which the service then sends as they are (@fastify/static `preCompressed`)
 * instead of compressing on every request. A variant that would not be smaller is not written; the
 * service then sends the file itself.
 */
function precompress(): Plugin {
  return {
    name: 'jixiao-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      const names = Object.keys(bundle).filter((name) => /\.(js|css|html|svg|json)$/.test(name));
      await Promise.all(
        names.map(async (name) => {
          const file = join(dir, name);
          const raw = await readFile(file);
          const variants: [string, Buffer][] = [
            [
              '.br',
              await brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
            ],
            ['.gz', await gz(raw, { level: 9 })],
          ];
          for (const [ext, packed] of variants) if (packed.length < raw.length) await writeFile(file + ext, packed);
        }),
      );
    },
  };
}

export default defineConfig({
  plugins: [
    vue(),
    // Each screen imports the Element Plus components (and their CSS) its templates use, so a screen's
    // chunk carries only those; no declaration file, the templates are not type-checked against them.
    components({ resolvers: [ElementPlusResolver()], dts: false }),
    precompress(),
  ],
  // Relative asset URLs: the service serves the built app at `/`, a static preview may serve it elsewhere.
  base: './',
  resolve: {
    // The workspace packages are compiled from their TypeScript sources, the same code the service runs.
    conditions: ['source', ...defaultClientConditions],
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
