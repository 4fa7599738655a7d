#!/usr/bin/env bash
# How fast simulated time runs, against the same program on loopback sockets (the open-file limit raised for its
# 10,000 connections; the product never touches it).
#   benchmarks/simulation.sh                                          10,000 clients x 10 exchanges, 100 ms latency
#   benchmarks/simulation.sh --clients 1000 --exchanges 100 --latency 20 --seeds 5 --no-loopback
set -euo pipefail
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 || true
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project benchmarks/Coroutines.Benchmarks -- simulation "$@"
