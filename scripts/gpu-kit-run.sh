#!/usr/bin/env bash
# The GPU kit's run.sh (npm run gpu:kit copies this file into .gpu-kit/): run.sh [--quick]
# Unpacks Node and dawn.node, finds a Vulkan loader and driver, then runs the throughput runs and the
# bench, writing $OUT (default ./out): throughput.json, results.json, their logs and run-info.txt.
# Needs bash, coreutils and xz (or python3) only; see README.md beside it.
set -uo pipefail

KIT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
QUICK=()
for a in "$@"; do
  case "$a" in
    --quick) QUICK=(--quick) ;;
    -h | --help)
      echo "usage: [OUT=DIR] [VK_ICD_FILENAMES=FILE] $0 [--quick]"
      exit 0
      ;;
    *)
      echo "run.sh: unknown argument '$a' (usage: run.sh [--quick])" >&2
      exit 2
      ;;
  esac
done

OUT="${OUT:-./out}"
mkdir -p "$OUT" || exit 1
OUT="$(cd "$OUT" && pwd)"

# Where the unpacked files go: beside the kit, or a temporary folder when the kit is read-only.
WORK="${ERA_KIT_WORK:-$KIT/.unpacked}"
if ! mkdir -p "$WORK" 2>/dev/null || [ ! -w "$WORK" ]; then WORK="$(mktemp -d)"; fi

say() { echo "run.sh: $*" >&2; }

unxz_to() { # unxz_to FILE.xz DEST: xz, else python3's lzma
  if command -v xz >/dev/null 2>&1; then
    xz -dc "$1" >"$2.part"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2.part"
  else
    say "neither xz nor python3 is here to unpack $1"
    return 1
  fi && mv "$2.part" "$2"
}

for pair in node.xz:node dawn.node.xz:dawn.node; do
  src="$KIT/${pair%%:*}"
  dst="$WORK/${pair##*:}"
  if [ ! -s "$dst" ] || [ "$src" -nt "$dst" ]; then
    [ -f "$src" ] || { say "$src is missing: rebuild the kit (npm run gpu:kit)"; exit 1; }
    say "unpacking ${pair%%:*}"
    unxz_to "$src" "$dst" || exit 1
  fi
done
chmod +x "$WORK/node"
NODE="$WORK/node"
"$NODE" --version >/dev/null || { say "the kit's Node does not run here (ldd $NODE)"; exit 1; }

# The Vulkan loader: the system's, else one extracted from a libvulkan1_*.deb put beside run.sh.
have_loader() { ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1' || [ -e /usr/lib/x86_64-linux-gnu/libvulkan.so.1 ] || [ -e /lib/x86_64-linux-gnu/libvulkan.so.1 ]; }
LOADER="system"
# ERA_KIT_USE_DEB=1 takes the .deb's loader even where the system has one.
if [ -n "$(ls "$KIT"/libvulkan1_*.deb 2>/dev/null)" ] && { [ "${ERA_KIT_USE_DEB:-}" = 1 ] || ! have_loader; }; then
  dir="$WORK/vulkan"
  mkdir -p "$dir"
  for deb in "$KIT"/libvulkan1_*.deb; do
    if command -v dpkg-deb >/dev/null 2>&1; then
      dpkg-deb -x "$deb" "$dir"
    else
      (cd "$dir" && ar x "$deb" && tar -xf data.tar.* && rm -f data.tar.* control.tar.* debian-binary)
    fi || { say "could not extract $deb"; exit 1; }
  done
  lib="$(dirname "$(find "$dir" -name 'libvulkan.so.1*' | head -n 1)")"
  export LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  LOADER="$lib (from $(basename "$(ls "$KIT"/libvulkan1_*.deb | head -n 1)"))"
elif ! have_loader; then
  say "no Vulkan loader (libvulkan.so.1) here and no libvulkan1_*.deb beside run.sh: Dawn will find no adapter."
  say "bring Debian bookworm's libvulkan1 (apt-get download libvulkan1) into $KIT (README.md)"
  LOADER="none"
fi

# The Vulkan driver (ICD): VK_ICD_FILENAMES / VK_DRIVER_FILES when set, else NVIDIA's first.
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -z "${VK_DRIVER_FILES:-}" ]; then
  DIRS=(/usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/share/vulkan/icd.d /usr/local/nvidia/share/vulkan/icd.d)
  icd=""
  for pattern in nvidia_icd.json 'nvidia*.json' '*.json'; do
    for d in "${DIRS[@]}"; do
      for f in "$d"/$pattern; do
        if [ -f "$f" ]; then
          icd="$f"
          break 3
        fi
      done
    done
  done
  if [ -n "$icd" ]; then
    export VK_ICD_FILENAMES="$icd"
  else
    say "no Vulkan driver file (ICD json) found in ${DIRS[*]}; set VK_ICD_FILENAMES"
  fi
fi
# Use the driver named above even where it is no NVIDIA/AMD one (src/gpu/node.ts would otherwise
# prefer SwiftShader).
export ERA_SYSTEM_VULKAN=1
export ERA_DAWN_NODE="$WORK/dawn.node"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"

{
  echo "kit: $KIT"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "node: $("$NODE" --version)"
  echo "vulkan loader: $LOADER"
  echo "VK_ICD_FILENAMES: ${VK_ICD_FILENAMES:-}"
  echo "VK_DRIVER_FILES: ${VK_DRIVER_FILES:-}"
  echo "quick: ${QUICK[*]:-no}"
  echo "extra flags: throughput '${ERA_KIT_THROUGHPUT_FLAGS:-}', bench '${ERA_KIT_BENCH_FLAGS:-}'"
  command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L
} >"$OUT/run-info.txt" 2>&1
cat "$OUT/run-info.txt" >&2

# Run from the work folder: the bench looks for a built page in ./dist (there is none in the kit).
cd "$WORK" || exit 1
status=0
start=$SECONDS
say "throughput runs → $OUT/throughput.json"
# ERA_KIT_THROUGHPUT_FLAGS / ERA_KIT_BENCH_FLAGS: more flags for each (check-gpu-kit.sh shrinks the
# throughput runs with them on SwiftShader, which runs the GPU's work on the CPU).
# shellcheck disable=SC2086
"$NODE" "$KIT/era-kit.mjs" throughput "${QUICK[@]}" ${ERA_KIT_THROUGHPUT_FLAGS:-} --out "$OUT/throughput.json" 2>&1 | tee "$OUT/throughput.log" || status=1
say "throughput: $((SECONDS - start)) s"
start=$SECONDS
say "bench → $OUT/results.json"
# shellcheck disable=SC2086
"$NODE" "$KIT/era-kit.mjs" bench "${QUICK[@]}" ${ERA_KIT_BENCH_FLAGS:-} --out "$OUT/results.json" 2>&1 | tee "$OUT/bench.log" || status=1
say "bench: $((SECONDS - start)) s"
echo "exit status: $status" >>"$OUT/run-info.txt"
exit $status
