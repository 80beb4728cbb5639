# Runtime image of the two ITMCP Java binaries (one recipe: they differ only in the jar and labels).
# Build from the repository root after `./mvnw -B package`, with the module directory as context:
#   docker build -f docker/java-app.Dockerfile --build-arg APP=operator -t ghcr.io/itmcp/operator:0.1.0 operator/
#   docker build -f docker/java-app.Dockerfile --build-arg APP=gateway  -t ghcr.io/itmcp/gateway:0.1.0 mcp-gateway/
# (debian:bookworm-slim as the base: where no registry is reachable, sandbox-image/build.sh shows how
# to make it locally with mmdebstrap.) Each jar is self-contained (all dependencies inside).
FROM debian:bookworm-slim

ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8
ARG DEBIAN_FRONTEND=noninteractive

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates; \
    apt-get clean; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/* /tmp/* /var/tmp/*; \
    groupadd --system --gid 65532 itmcp; \
    useradd --system --uid 65532 --gid 65532 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin itmcp; \
    # Nothing may gain privileges by exec, even where no-new-privileges is forgotten.
    find / -xdev -perm /6000 -type f -exec chmod ug-s {} +

# operator or gateway: selects target/itmcp-$APP.jar from the build context
ARG APP
RUN test -n "$APP" || { echo "build with --build-arg APP=operator or APP=gateway" >&2; exit 1; }
# One path for either binary, so the entrypoint below (exec form, no shell to expand $APP) is shared.
COPY target/itmcp-${APP}.jar /app/itmcp.jar

ARG VERSION=0.1.0
ARG DESCRIPTION="ITMCP ${APP}"
LABEL org.opencontainers.image.source="https://github.com/itmcp/itmcp" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.title="itmcp-${APP}" \
      org.opencontainers.image.description="${DESCRIPTION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="debian:bookworm-slim"

USER 65532:65532
WORKDIR /app
# Read-only root filesystem in the pod: no perf-data file in /tmp; heap sized from the container's
# memory limit; an OutOfMemoryError ends the process so Kubernetes restarts it.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Djava.io.tmpdir=/tmp", "-jar", "/app/itmcp.jar"]
