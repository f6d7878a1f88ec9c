#!/usr/bin/env bash
# Chromium for the report test (tests/python/test_kommun_report.py): installs Debian's `chromium`
# package when no Chromium or Chrome is found (needs root or sudo). Idempotent; prints the browser
# it found to stderr. Playwright (a dev dependency) drives this browser; it downloads none itself.
set -euo pipefail

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

found() { command -v chromium || command -v chromium-browser || command -v google-chrome; }

if ! found >/dev/null 2>&1; then
    echo "Installerar Chromium (installing Chromium from Debian's packages)" >&2
    sudo_if_needed apt-get update -qq >&2
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi
browser="$(found)"
"$browser" --version 2>/dev/null | head -n 1 >&2 || echo "$browser" >&2
