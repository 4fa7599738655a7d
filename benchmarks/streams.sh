#!/usr/bin/env bash
# The streams load benchmark with the open-file limit raised for many connections (the product never touches it).
#   benchmarks/streams.sh                                  1,000 connections x 1 MiB: Streams, asyncio, plain sockets
#   benchmarks/streams.sh --connections 10000 --mib 1      the 10,000-connection run
#   benchmarks/streams.sh --only coroutines --rounds 3
set -euo pipefail
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 || true
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project benchmarks/Coroutines.Benchmarks -- streams "$@"
