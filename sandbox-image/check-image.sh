#!/usr/bin/env bash
# Checks a built sandbox image against what ITMCP promises about it.
#
#   sandbox-image/check-image.sh [IMAGE]     (default ghcr.io/itmcp/sandbox:0.1.0)
#
# Every tool runs under the sandbox pod's settings (read-only root, all capabilities dropped,
# no-new-privileges, uid/gid 65532); the file tree is read from `docker export`, so nothing in the
# image is trusted to report on itself. Exits non-zero if any check fails. Needs docker and tar.
set -uo pipefail

image="${1:-ghcr.io/itmcp/sandbox:0.1.0}"
uid=65532
gid=65532
ping_sysctl="net.ipv4.ping_group_range=0 2147483647"
run_id="itmcp-check-$$"
hardened=(--rm --network none --read-only --cap-drop ALL --security-opt no-new-privileges)
failures=0
checks=0
workdir="$(mktemp -d)"

cleanup() {
  docker rm -f "$run_id-sandbox" "$run_id-export" >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

pass() { checks=$((checks + 1)); echo "ok   - $*"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL - $*"; }
check() { # check DESCRIPTION COMMAND...: passes when COMMAND exits 0
  local description="$1"; shift
  if "$@" >"$workdir/out" 2>&1; then pass "$description"; else fail "$description: $(tail -n 3 "$workdir/out" | tr '\n' ' ')"; fi
}
refuse() { # refuse DESCRIPTION COMMAND...: passes when COMMAND exits non-zero
  local description="$1"; shift
  if "$@" >"$workdir/out" 2>&1; then fail "$description: it succeeded"; else pass "$description"; fi
}
in_sandbox() { docker run "${hardened[@]}" --user "$uid:$gid" "$image" "$@"; }

if ! docker image inspect "$image" >/dev/null 2>&1; then
  echo "FAIL - image $image does not exist (build it with sandbox-image/build.sh)"
  exit 1
fi
echo "# checking $image"

# --- image configuration -------------------------------------------------------------------------
config_user="$(docker image inspect -f '{{.Config.User}}' "$image")"
[[ "$config_user" == "$uid:$gid" ]] && pass "default USER is $uid:$gid" || fail "default USER is '$config_user', want $uid:$gid"
config_cmd="$(docker image inspect -f '{{json .Config.Cmd}}' "$image")"
[[ "$config_cmd" == '["sleep","infinity"]' ]] && pass "default CMD is sleep infinity" || fail "default CMD is $config_cmd"
for label in source version title description licenses; do
  value="$(docker image inspect -f "{{ index .Config.Labels \"org.opencontainers.image.$label\" }}" "$image")"
  [[ -n "$value" ]] && pass "label org.opencontainers.image.$label=$value" || fail "label org.opencontainers.image.$label is missing"
done
tag="${image##*:}"
if [[ "$image" == *:* && "$tag" != */* ]]; then
  version="$(docker image inspect -f '{{ index .Config.Labels "org.opencontainers.image.version" }}' "$image")"
  [[ "$version" == "$tag" ]] && pass "version label matches tag $tag" || fail "version label '$version' differs from tag '$tag'"
fi

# --- runs as non-root by default -----------------------------------------------------------------
default_ids="$(docker run "${hardened[@]}" "$image" id -u 2>&1):$(docker run "${hardened[@]}" "$image" id -g 2>&1)"
[[ "$default_ids" == "$uid:$gid" ]] && pass "runs as uid:gid $uid:$gid by default" || fail "runs as '$default_ids' by default"

# --- every tool present and runnable under the pod's settings ------------------------------------
check "ssh runs"      in_sandbox ssh -V
check "ping runs"     in_sandbox ping -V
check "dig runs"      in_sandbox dig -v
check "nslookup runs" in_sandbox nslookup -version
check "nc runs"       in_sandbox nc -h
check "tcpdump runs"  in_sandbox tcpdump --version
check "ps runs"       in_sandbox ps --version
check "top runs"      in_sandbox top -v
check "cat runs"      in_sandbox cat --version
check "grep runs"     in_sandbox grep --version
check "head runs"     in_sandbox head --version
check "tail runs"     in_sandbox tail --version
check "sleep runs"    in_sandbox sleep --version
check "ps lists processes" in_sandbox ps -eo pid,user,comm

# --- the file tree, as exported --------------------------------------------------------------------
docker create --name "$run_id-export" "$image" /export-only >/dev/null
docker export "$run_id-export" | tar -tvf - >"$workdir/tree"
docker rm "$run_id-export" >/dev/null
# tar -tv modes: -rwsr-xr-x (setuid), -rwxr-sr-x (setgid)
privileged_files="$(awk '$1 ~ /^-..[sS]/ || $1 ~ /^-.....[sS]/ { print $NF }' "$workdir/tree")"
[[ -z "$privileged_files" ]] && pass "no setuid/setgid file" || fail "setuid/setgid files: $(echo $privileged_files)"
# tar -tv: MODE OWNER SIZE DATE TIME NAME [-> TARGET]; names in this image have no spaces
awk '{ print $6 }' "$workdir/tree" | sed -e 's|^\./||' -e 's|/$||' >"$workdir/names"
present() { grep -qxF "$1" "$workdir/names"; }
for path in var/lib/apt/lists var/cache/apt usr/bin/apt usr/bin/apt-get; do
  if present "$path"; then fail "package manager leftover $path is present"; else pass "no $path"; fi
done
for shell in sh bash dash rbash perl python3; do
  if present "usr/bin/$shell" || present "bin/$shell"; then fail "interpreter $shell is present"; else pass "no interpreter $shell"; fi
done

# --- ping as non-root without any capability ------------------------------------------------------
check "ping 127.0.0.1 as $uid with ping_group_range (no NET_RAW)" \
  docker run --rm --read-only --cap-drop ALL --security-opt no-new-privileges --user "$uid:$gid" \
    --sysctl "$ping_sysctl" "$image" ping -c 1 -W 2 127.0.0.1
refuse "ping is refused when ping_group_range excludes the sandbox group (no raw-socket path)" \
  docker run --rm --read-only --cap-drop ALL --security-opt no-new-privileges --user "$uid:$gid" \
    --sysctl "net.ipv4.ping_group_range=1 0" "$image" ping -c 1 -W 2 127.0.0.1
refuse "the sandbox user cannot write the image's files (even without --read-only)" \
  docker run --rm --cap-drop ALL --security-opt no-new-privileges --user "$uid:$gid" "$image" touch /etc/itmcp-write-test

# --- tcpdump in the capture container's settings catches the sandbox's traffic --------------------
# Debian's tcpdump drops to its own user after opening the capture; that needs SETUID/SETGID beside
# NET_RAW (with NET_RAW alone it exits with "Couldn't change to 'tcpdump'"), after which it holds
# no capability at all.
docker run -d --name "$run_id-sandbox" --read-only --cap-drop ALL --security-opt no-new-privileges \
  --user "$uid:$gid" --sysctl "$ping_sysctl" "$image" >/dev/null
( sleep 2; docker exec "$run_id-sandbox" ping -c 4 -i 0.3 127.0.0.1 >/dev/null 2>&1 ) &
pinger=$!
if timeout 20 docker run --rm --read-only --cap-drop ALL --cap-add NET_RAW --cap-add SETUID --cap-add SETGID \
     --security-opt no-new-privileges --user 0:0 --network "container:$run_id-sandbox" "$image" \
     tcpdump -i lo -n -l -c 2 icmp >"$workdir/capture" 2>&1 \
   && grep -q 'ICMP echo request' "$workdir/capture"; then
  pass "tcpdump (root, NET_RAW+SETUID+SETGID only) captures the sandbox's ping"
else
  fail "tcpdump capture: $(tail -n 3 "$workdir/capture" | tr '\n' ' ')"
fi
wait "$pinger" 2>/dev/null

echo "# $checks checks, $failures failed"
((failures == 0))
