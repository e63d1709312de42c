#!/usr/bin/env bash
# `npm run gpu:kit:check`: the GPU kit's test. Copies .gpu-kit/ (built first when missing) into an empty
# temporary folder with no node_modules above it, runs `run.sh --quick` there with a PATH that holds no
# `node` and a bare environment, on SwiftShader (Vulkan on the CPU), then checks the shapes of
# results.json and throughput.json. SwiftShader runs the GPU's work on the CPU, so the throughput runs
# are shrunk further (ERA_KIT_THROUGHPUT_FLAGS; set it to '' for the kit's own --quick). About 6 minutes
# on 2 CPU cores (258 s for run.sh on 2026-12-04). The outputs stay in $OUT (default: a folder under the temporary one).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ICD="${VK_ICD_FILENAMES:-/usr/lib/chromium/vk_swiftshader_icd.json}"
FLAGS="${ERA_KIT_THROUGHPUT_FLAGS---classify-batch 32 --classify-steps 2 --sac-updates 10 --grpo-steps 2 --grpo-s8-steps 1 --warmup 1}"

[ -f "$ICD" ] || { echo "check-gpu-kit: $ICD is missing (apt-get install chromium brings SwiftShader)" >&2; exit 1; }
[ -f "$ROOT/.gpu-kit/run.sh" ] || node "$ROOT/scripts/gpu-kit.mjs"
SYSTEM_NODE="$(command -v node)"

TMP="$(mktemp -d /tmp/era-gpu-kit-check.XXXXXX)"
cp -r "$ROOT/.gpu-kit" "$TMP/kit"
rm -rf "$TMP/kit/.unpacked"
OUT="${OUT:-$TMP/out}"

# A PATH of the few tools run.sh uses, linked one by one: /usr/bin itself would bring node along.
mkdir "$TMP/bin"
for tool in bash sh env cat chmod cp date dirname basename find grep head ls mkdir mktemp mv rm tee xz python3 ldconfig dpkg-deb ar tar nvidia-smi; do
  p="$(command -v "$tool" || true)"
  [ -n "$p" ] && ln -s "$p" "$TMP/bin/$tool"
done
if PATH="$TMP/bin" command -v node >/dev/null 2>&1; then
  echo "check-gpu-kit: node is still on the test PATH" >&2
  exit 1
fi

echo "check-gpu-kit: running $TMP/kit/run.sh --quick on $ICD (throughput flags: '$FLAGS'), output in $OUT" >&2
start=$SECONDS
(cd "$TMP" && env -i PATH="$TMP/bin" HOME="$TMP" OUT="$OUT" VK_ICD_FILENAMES="$ICD" XDG_RUNTIME_DIR=/tmp ERA_KIT_THROUGHPUT_FLAGS="$FLAGS" \
  bash "$TMP/kit/run.sh" --quick)
echo "check-gpu-kit: run.sh took $((SECONDS - start)) s" >&2

# The shapes (a tiny validator, run with this machine's Node: it is the test, not the kit).
"$SYSTEM_NODE" - "$OUT/results.json" "$OUT/throughput.json" <<'EOF'
const { readFileSync } = require('node:fs');
const [resultsFile, throughputFile] = process.argv.slice(2);
const problems = [];
const check = (file, obj, path, kind) => {
  const v = path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
  const ok =
    kind === 'number' ? typeof v === 'number' && Number.isFinite(v) && v > 0 : kind === 'array' ? Array.isArray(v) && v.length > 0 : typeof v === kind;
  if (!ok) problems.push(`${file}: ${path} should be ${kind === 'number' ? 'a positive finite number' : kind}, got ${JSON.stringify(v)}`);
};
const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
for (const [p, k] of [['adapter', 'string'], ['backend', 'string'], ['timing', 'string'], ['repeats', 'number'], ['cases', 'array'], ['training', 'array'], ['versions', 'object'], ['runner', 'string'], ['targetsMissed', 'object']]) check('results.json', r, p, k);
for (const c of r.cases ?? []) for (const k of ['kernelMs', 'compositionMs', 'copyMs']) check('results.json', c, k, 'number');
if (r.backend !== 'webgpu') problems.push(`results.json: backend ${r.backend}, expected webgpu`);
for (const [k, v] of Object.entries(r.versions ?? {})) if (v === 'unknown') problems.push(`results.json: versions.${k} is unknown`);
const t = JSON.parse(readFileSync(throughputFile, 'utf8'));
for (const [p, k] of [['adapter', 'string'], ['classifyImagesPerSecond', 'number'], ['sacEraUpdatesPerSecond.s1', 'number'], ['sacEraUpdatesPerSecond.s8', 'number'], ['grpoEraStepsPerSecond', 'number'], ['sacEraSeedsBatched', 'boolean']]) check('throughput.json', t, p, k);
if (t.backend !== 'webgpu') problems.push(`throughput.json: backend ${t.backend}, expected webgpu`);
if (problems.length) {
  console.error(`check-gpu-kit: FAILED\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-gpu-kit: both files have their shapes (adapter: ${t.adapter})`);
console.log(JSON.stringify(t, null, 2));
EOF
