#!/usr/bin/env bash
# Installs Debian's Chromium, which the browser tests (test/surface/graphiql.e2e-spec.ts,
# test/disclosure/public-page.e2e-spec.ts) drive through playwright-core, and a Chinese font
# (fonts-wqy-microhei) so that `npm run screenshots` shows the public pages legibly. Idempotent:
# does nothing when both are there.
# Needs root (or sudo) and apt; nothing is downloaded by the tests themselves.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && [ -d /usr/share/fonts/truetype/wqy ]; then
  echo "chromium already installed: $(command -v chromium)"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium fonts-wqy-microhei
command -v chromium
