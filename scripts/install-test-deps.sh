#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine (run as root, or with sudo for apt-get):
# Debian's Chromium (browser tests), the package with its test and docs extras, and axe-core from npm.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-liberation >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-liberation fonts-dejavu-core
fi
python3 -m pip install -e '.[test,docs]'
npm install --no-save --no-audit --no-fund --prefix tests/browser/.node axe-core@4
