#!/usr/bin/env bash
# Install Debian's Chromium and ChromeDriver for the report's browser tests, when missing.
# Needs root (as on CI and the project's machines); without it, says what to install and exits 1.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "the browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver" >&2
    exit 1
fi
echo "installing chromium and chromium-driver (Debian packages) for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
