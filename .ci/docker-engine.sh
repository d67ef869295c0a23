#!/usr/bin/env bash
# Makes a Docker engine answer on this machine: installs Debian's docker.io when dockerd is
# missing and starts dockerd in the background when `docker info` gets no answer. Fails (never
# skips) when the engine cannot be started: the Testcontainers tests need it.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

if docker info >/dev/null 2>&1; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  apt-get update -q
  apt-get install -y -q --no-install-recommends docker.io
fi

# An engine ended from outside leaves its pid file behind, and dockerd refuses to start over
# one. setsid: the engine outlives this script and the build that follows it.
log=/var/log/dockerd.log
if ! pgrep -x dockerd >/dev/null 2>&1; then
  rm -f /var/run/docker.pid
  setsid nohup dockerd >"$log" 2>&1 </dev/null &
fi

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    docker version --format 'Docker engine {{.Server.Version}} (API {{.Server.APIVersion}})'
    exit 0
  fi
  sleep 1
done
echo "The Docker engine did not answer within 60 s; its log ($log):" >&2
tail -n 50 "$log" >&2 || true
exit 1
