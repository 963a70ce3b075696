#!/usr/bin/env bash
# Development only, while the Registry migration is not yet committed: regenerate it from the
# entities. Once committed, a migration is never edited: write a new one instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if git ls-files --error-unmatch migrations/*-Registry.ts >/dev/null 2>&1; then
  echo "the Registry migration is committed: use npm run migration:generate -- Name" >&2
  exit 1
fi
rm -f migrations/*-Registry.ts
git checkout migrations/index.ts
npm run migration:generate -- Registry
