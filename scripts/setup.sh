#!/usr/bin/env bash
# Installs everything p0f-ts needs on a fresh Debian machine with Node.js, builds it,
# and replays the bundled sample capture. Run as root (or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
# libpcap-dev: capture and libpcap's filter compiler; p0f: the upstream database and the reference binary;
# tcpdump and iproute2: used by the differential and live tests; build tools for the native helper.
$SUDO apt-get install -y -qq --no-install-recommends libpcap-dev p0f tcpdump iproute2 python3 make g++ >/dev/null
npm ci --no-audit --no-fund
npm run build
if [ "${P0F_TS_SETUP_NO_SAMPLE:-}" = "" ]; then
  node bin/p0f-ts.js sample signatures/sample.pcap >/dev/null
  node bin/p0f-ts.js -r signatures/sample.pcap
fi
