#!/usr/bin/env bash
# Builds the sandbox image from sandbox-image/Dockerfile.
#
#   sandbox-image/build.sh [IMAGE]      (default ghcr.io/itmcp/sandbox:0.1.0, the operator's default)
#
# Where debian:bookworm-slim cannot be pulled (no registry), it is made locally with mmdebstrap and
# imported, so the Dockerfile stays the ordinary one users build against a registry. The image is
# labelled with the Dockerfile's SHA-256; an existing image with the same label is kept, not rebuilt
# (ITMCP_REBUILD=1 forces a build).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
image="${1:-ghcr.io/itmcp/sandbox:0.1.0}"
version="${image##*:}"
[[ "$image" == *:* && "$version" != */* ]] || version="0.1.0"
base="debian:bookworm-slim"
hash_label="io.itmcp.dockerfile-sha256"
dockerfile_hash="$(cat "$here/Dockerfile" "$here/reader/itmcp-read.c" "$here/deadline/itmcp-deadline.c" \
  | sha256sum | cut -d' ' -f1)"

if [[ "${ITMCP_REBUILD:-0}" != 1 ]] \
   && [[ "$(docker image inspect -f "{{ index .Config.Labels \"$hash_label\" }}" "$image" 2>/dev/null)" == "$dockerfile_hash" ]]; then
  echo "build.sh: $image is up to date (Dockerfile sha256 $dockerfile_hash)"
  exit 0
fi

if ! docker image inspect "$base" >/dev/null 2>&1 && ! docker pull -q "$base" >/dev/null 2>&1; then
  echo "build.sh: $base cannot be pulled; making it with mmdebstrap --variant=minbase bookworm"
  command -v mmdebstrap >/dev/null || { echo "build.sh: mmdebstrap is not installed (apt-get install mmdebstrap)" >&2; exit 1; }
  mmdebstrap --quiet --variant=minbase bookworm - \
    | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["bash"]' \
        - "$base"
fi

echo "build.sh: building $image"
docker build --pull=false \
  --build-arg "VERSION=$version" \
  --label "$hash_label=$dockerfile_hash" \
  -t "$image" "$here"
