// `npm run gpu:kit`: builds .gpu-kit/, a folder that runs the bench and the throughput runs on a bare
// Linux x86-64 machine with an NVIDIA driver and neither npm nor Node (docs/gpu-kit.md):
//   era-kit.mjs      one esbuild bundle of src/cli/gpu-kit-main.ts (bench | throughput | experiment)
//   dawn.node.xz     Dawn's linux-x64 WebGPU addon from the `webgpu` package, xz-compressed
//   node.xz          this machine's Node binary, xz-compressed (needs only libc and libstdc++)
//   run.sh           scripts/gpu-kit-run.sh: unpacks, finds the Vulkan driver, writes $OUT/*.json
//   README.md        what to bring and how to run it
// plus any libvulkan1_*.deb found in .gl/ (the device machine's recipe) or named with --deb FILE.
// Prints each file's size and the total; fails if the total is over 60 MiB.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KIT = join(ROOT, '.gpu-kit');
const LIMIT = 60 * 1024 * 1024;
const DAWN = join(ROOT, 'node_modules/webgpu/dist/linux-x64/dawn.node');

const { values: args } = parseArgs({ options: { deb: { type: 'string', multiple: true }, 'no-node': { type: 'boolean' } }, strict: true });

function fail(msg) {
  console.error(`gpu:kit: ${msg}`);
  process.exit(1);
}

if (process.platform !== 'linux' || process.arch !== 'x64')
  fail(`the kit carries this machine's Node binary; build it on linux-x64 (this is ${process.platform}-${process.arch})`);
if (!existsSync(DAWN)) fail(`${DAWN} is missing (npm install brings it)`);

const version = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
const packageVersions = {
  '@tensorflow/tfjs': version('@tensorflow/tfjs'),
  '@tensorflow/tfjs-backend-webgpu': version('@tensorflow/tfjs-backend-webgpu'),
  webgpu: version('webgpu'),
};

/** `import x from './f.wgsl?raw'` → the file's text, as Vite and scripts/node-loader.mjs do. */
const wgslRaw = {
  name: 'wgsl-raw',
  setup(b) {
    b.onResolve({ filter: /\.wgsl\?raw$/ }, (a) => ({ path: resolve(a.resolveDir, a.path.replace(/\?raw$/, '')) }));
    b.onLoad({ filter: /\.wgsl$/ }, (a) => ({ contents: readFileSync(a.path, 'utf8'), loader: 'text' }));
  },
};

/** The `webgpu` package finds dawn.node under its own dist/<platform>/; the kit keeps it beside the bundle. */
const dawnBesideBundle = {
  name: 'dawn-beside-bundle',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]webgpu[\\/]index\.js$/ }, (a) => {
      const src = readFileSync(a.path, 'utf8');
      const line = /const dawnNodePath = join\(__dirname, 'dist', `\$\{process\.platform\}-\$\{arch\}`, 'dawn\.node'\);/;
      if (!line.test(src)) throw new Error(`webgpu/index.js: the dawn.node path line changed (webgpu ${packageVersions.webgpu}); update scripts/gpu-kit.mjs`);
      return { contents: src.replace(line, "const dawnNodePath = process.env.ERA_DAWN_NODE || join(__dirname, 'dawn.node');"), loader: 'js' };
    });
  },
};

function xz(from, to) {
  const r = spawnSync('sh', ['-c', 'xz -9 -T0 -c "$1" > "$2"', 'xz', from, to], { stdio: 'inherit' });
  if (r.status !== 0) fail(`xz failed on ${from} (is xz-utils installed?)`);
}

function lddCheck(file) {
  const r = spawnSync('ldd', [file], { encoding: 'utf8' });
  const libs = (r.stdout ?? '')
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0])
    .filter((l) => l && !/^(linux-vdso|\/lib64\/ld-linux)/.test(l));
  const allowed = /^(libc|libm|libdl|libpthread|librt|libstdc\+\+|libgcc_s)\.so/;
  const other = libs.filter((l) => !allowed.test(l));
  if (other.length) fail(`${file} needs ${other.join(', ')} beyond libc and libstdc++: it would not run on a bare machine`);
  return libs;
}

rmSync(KIT, { recursive: true, force: true });
mkdirSync(KIT, { recursive: true });

console.log('bundling src/cli/gpu-kit-main.ts …');
await build({
  entryPoints: [join(ROOT, 'src/cli/gpu-kit-main.ts')],
  outfile: join(KIT, 'era-kit.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Nothing is external: the bundle must run without node_modules (dawn.node is loaded by path).
  // CommonJS inside the bundle (TF.js, `debug`) still calls require() for Node's own modules.
  banner: { js: "import { createRequire as __eraKitCreateRequire } from 'node:module';\nconst require = __eraKitCreateRequire(import.meta.url);" },
  define: { __ERA_PACKAGE_VERSIONS__: JSON.stringify(packageVersions) },
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'eof',
  logLevel: 'warning',
  plugins: [wgslRaw, dawnBesideBundle],
});

lddCheck(DAWN);
console.log('compressing dawn.node …');
xz(DAWN, join(KIT, 'dawn.node.xz'));
if (!args['no-node']) {
  lddCheck(process.execPath);
  console.log(`compressing ${process.execPath} (Node ${process.version}) …`);
  xz(process.execPath, join(KIT, 'node.xz'));
}

copyFileSync(join(ROOT, 'scripts/gpu-kit-run.sh'), join(KIT, 'run.sh'));
chmodSync(join(KIT, 'run.sh'), 0o755);

const debs = [...(args.deb ?? [])];
const gl = join(ROOT, '.gl');
if (existsSync(gl)) for (const f of readdirSync(gl)) if (/^libvulkan1_.*\.deb$/.test(f)) debs.push(join(gl, f));
for (const d of debs) copyFileSync(d, join(KIT, basename(d)));

writeFileSync(
  join(KIT, 'README.md'),
  `# ERA Playground GPU kit

Built by \`npm run gpu:kit\` (Node ${process.version}, ${Object.entries(packageVersions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}). Runs on a bare Linux x86-64 machine with an NVIDIA driver: no npm, no Node.

    ./run.sh            # the full bench and throughput runs (meant to fit 8 minutes on a GPU; not yet timed on one)
    ./run.sh --quick    # fewer repeats and steps (meant to fit 3 minutes on a GPU)
    OUT=/some/dir ./run.sh

It writes \`$OUT\` (default ./out): results.json (the bench, as \`npm run bench\` writes it),
throughput.json, their logs and run-info.txt (the driver it used).

## The Vulkan loader

Dawn needs the Vulkan loader \`libvulkan.so.1\`; NVIDIA's driver brings the driver itself and its
\`nvidia_icd.json\`, but a bare machine often lacks the loader. Bring Debian bookworm's
\`libvulkan1_1.3.239.0-1_amd64.deb\` (any \`libvulkan1_*_amd64.deb\` of glibc ≥ 2.34 works):

    apt-get download libvulkan1          # on any Debian/Ubuntu machine with network access

and put it in this folder. run.sh extracts it (dpkg-deb -x, or ar + tar) into .unpacked/vulkan/ and
sets LD_LIBRARY_PATH; nothing is installed. ${debs.length ? `This kit already holds ${debs.map((d) => basename(d)).join(', ')}.` : 'This kit holds none.'}

run.sh picks the driver from VK_ICD_FILENAMES (or VK_DRIVER_FILES) when set, else the first of
nvidia_icd.json, nvidia*.json, then any other ICD file in /usr/share/vulkan/icd.d, /etc/vulkan/icd.d,
/usr/local/share/vulkan/icd.d and /usr/local/nvidia/share/vulkan/icd.d.

## By hand

    xz -dc node.xz > node && chmod +x node && xz -dc dawn.node.xz > dawn.node
    ERA_DAWN_NODE=$PWD/dawn.node ./node era-kit.mjs throughput --help
    ERA_DAWN_NODE=$PWD/dawn.node ./node era-kit.mjs bench --help
    ERA_DAWN_NODE=$PWD/dawn.node ./node era-kit.mjs experiment tokens --help
`,
);

let total = 0;
console.log('\n.gpu-kit/');
for (const f of readdirSync(KIT).sort()) {
  const size = statSync(join(KIT, f)).size;
  total += size;
  console.log(`  ${f.padEnd(40)} ${(size / 1024 / 1024).toFixed(2).padStart(8)} MiB`);
}
console.log(`  ${'total'.padEnd(40)} ${(total / 1024 / 1024).toFixed(2).padStart(8)} MiB (limit 60 MiB)`);
if (total > LIMIT) fail(`the kit is ${(total / 1024 / 1024).toFixed(2)} MiB, over 60 MiB`);
