#!/usr/bin/env bash
# Installs Debian's Chromium, which the browser test (test/foundation/graphiql.e2e-spec.ts) drives
# through playwright-core. Idempotent: does nothing when `chromium` is already on the PATH.
# Needs root (or sudo) and apt; nothing is downloaded by the tests themselves.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium already installed: $(command -v chromium)"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium
command -v chromium
