#!/usr/bin/env bash
# The one test command (README): lint (ESLint + Prettier), then unit tests on real WebGPU (Dawn + SwiftShader), then a production
# build, then end-to-end tests in headless Chromium. Needs Debian's chromium (SwiftShader Vulkan
# driver + the browser) and libvulkan1; installs them when run as root, else says what to run.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/lib/chromium/vk_swiftshader_icd.json ] || need+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1' || need+=(libvulkan1)
if [ ${#need[@]} -gt 0 ]; then
  pkgs=$(printf '%s\n' "${need[@]}" | sort -u | tr '\n' ' ')
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages the tests need: $pkgs"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
  else
    echo "The tests need Debian packages that are missing. Run, as root:" >&2
    echo "  apt-get update && apt-get install -y $pkgs" >&2
    exit 2
  fi
fi
[ -d node_modules ] || { echo "node_modules is missing: run 'npm ci' (or 'npm install') first." >&2; exit 2; }

export VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-/usr/lib/chromium/vk_swiftshader_icd.json}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}

npm run lint
npx vitest run --project unit
npm run build
npx vitest run --project e2e
