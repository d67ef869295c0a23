#!/usr/bin/env bash
# Builds the local Azurite image the Testcontainers tests run, once per machine (an image that
# `docker image inspect` finds is reused). No image registry is reachable here, so the image is
# a minimal Debian root (debootstrap) with Node.js and the npm Azurite, imported with
# `docker import`. Testcontainers' AzuriteContainer replaces the command with `azurite ...` and
# waits through /bin/sh, so the image needs a shell, /usr/bin/env and `azurite` on PATH.
set -euo pipefail

image="${1:-local/azurite:3.37.0}"
azurite_version="3.37.0"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "Azurite image $image: present, reused"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update -q
  apt-get install -y -q --no-install-recommends debootstrap
fi

started=$(date +%s)
root=$(mktemp -d /tmp/azurite-rootfs.XXXXXX)
cleanup() {
  for mount in proc sys dev; do umount -l "$root/$mount" 2>/dev/null || true; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT

# The mirror apt already uses on this machine.
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
mirror="${mirror:-http://deb.debian.org/debian}"
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null

# npm's registry is reached through the machine's CA bundle.
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/host-ca.crt"
mount -t proc proc "$root/proc"
chroot "$root" /bin/sh -euc "
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends nodejs npm ca-certificates >/dev/null
  npm config --global set cafile /etc/host-ca.crt
  npm install -g --no-audit --no-fund --loglevel=error azurite@$azurite_version
  npm cache clean --force
  apt-get clean
  rm -rf /var/lib/apt/lists/*
  command -v azurite >/dev/null && test -x /usr/bin/env
"
umount -l "$root/proc"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'EXPOSE 10000 10001 10002' \
  --change 'CMD ["azurite", "--blobHost", "0.0.0.0", "--queueHost", "0.0.0.0", "--tableHost", "0.0.0.0"]' \
  - "$image" >/dev/null
echo "Azurite image $image: built in $(( $(date +%s) - started )) s, $(docker image inspect --format '{{.Size}}' "$image" | awk '{printf "%d MB", $1/1000000}')"
