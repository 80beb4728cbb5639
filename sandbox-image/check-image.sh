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
  docker rm -f "$run_id-tools" "$run_id-sandbox" "$run_id-export" "$run_id-tls" "$run_id-tls-client" >/dev/null 2>&1 || true
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
judge() { # judge PASS-TEXT FAIL-TEXT TEST-ARGS...: passes when `test TEST-ARGS` holds
  local pass_text="$1" fail_text="$2"; shift 2
  if test "$@"; then pass "$pass_text"; else fail "$fail_text"; fi
}
# The tools run by exec in one container started with the pod's settings, as the gateway runs them
# by pod exec (and an exec is far cheaper than a container per check). A check that needs other
# settings runs in a container of its own, or by exec in one started once with exactly those.
in_sandbox() { docker exec --user "$uid:$gid" "$run_id-tools" "$@"; }

if ! docker image inspect "$image" >/dev/null 2>&1; then
  echo "FAIL - image $image does not exist (build it with sandbox-image/build.sh)"
  exit 1
fi
echo "# checking $image"

# --- image configuration -------------------------------------------------------------------------
config_user="$(docker image inspect -f '{{.Config.User}}' "$image")"
judge "default USER is $uid:$gid" "default USER is '$config_user', want $uid:$gid" "$config_user" = "$uid:$gid"
config_cmd="$(docker image inspect -f '{{json .Config.Cmd}}' "$image")"
judge "default CMD is sleep infinity" "default CMD is $config_cmd" "$config_cmd" = '["sleep","infinity"]'
for label in source version title description licenses; do
  value="$(docker image inspect -f "{{ index .Config.Labels \"org.opencontainers.image.$label\" }}" "$image")"
  judge "label org.opencontainers.image.$label=$value" "label org.opencontainers.image.$label is missing" -n "$value"
done
tag="${image##*:}"
if [[ "$image" == *:* && "$tag" != */* ]]; then
  version="$(docker image inspect -f '{{ index .Config.Labels "org.opencontainers.image.version" }}' "$image")"
  judge "version label matches tag $tag" "version label '$version' differs from tag '$tag'" "$version" = "$tag"
fi

# --- runs as non-root by default -----------------------------------------------------------------
# one run: `id` prints uid=N(name) gid=N(name) groups=...
default_id="$(docker run "${hardened[@]}" "$image" id 2>&1)"
default_ids="$(sed -E -n 's/^uid=([0-9]+)\([^)]*\) gid=([0-9]+)\(.*/\1:\2/p' <<<"$default_id")"
[[ -n "$default_ids" ]] || default_ids="$default_id"
judge "runs as uid:gid $uid:$gid by default" "runs as '$default_ids' by default" "$default_ids" = "$uid:$gid"

# --- every tool present and runnable under the pod's settings ------------------------------------
docker run -d --name "$run_id-tools" "${hardened[@]}" --user "$uid:$gid" "$image" sleep infinity >/dev/null
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
check "traceroute.db runs" in_sandbox traceroute.db --version
check "curl runs"     in_sandbox curl --version
check "openssl runs"  in_sandbox openssl version
check "the CA bundle holds certificates" in_sandbox openssl x509 -noout -subject -in /etc/ssl/certs/ca-certificates.crt
check "ps lists processes" in_sandbox ps -eo pid,user,comm

# --- the race-free file reader behind cat/head/tail/grep -------------------------------------------
check "itmcp-read reads a file inside its root" in_sandbox itmcp-read --root /etc --path /etc/passwd -- head -n 1
status() { "$@" >"$workdir/out" 2>&1; echo $?; }
escape_status="$(status in_sandbox itmcp-read --root /usr/bin --path /usr/bin/nc -- cat)"
judge "itmcp-read refuses a symlink out of its root (/usr/bin/nc -> /etc/alternatives, exit 121)" \
  "itmcp-read on /usr/bin/nc exited $escape_status, want 121: $(tr '\n' ' ' <"$workdir/out")" "$escape_status" = 121
program_status="$(status in_sandbox itmcp-read --root /etc --path /etc/passwd -- ls)"
judge "itmcp-read runs only cat, head, tail and grep (exit 123 for ls)" \
  "itmcp-read ran ls (exit $program_status)" "$program_status" = 123

# --- the deadline every pod exec runs under (coreutils timeout's contract, static) -------------------
check "itmcp-deadline runs a command and passes its exit status" \
  in_sandbox itmcp-deadline --kill-after=1.000 --signal=TERM 5.000 cat --version
deadline_status="$(status in_sandbox itmcp-deadline --kill-after=1.000 --signal=TERM 0.300 sleep 30)"
judge "itmcp-deadline ends a command at its deadline (exit 124)" \
  "itmcp-deadline on sleep 30 with a 0.3 s deadline exited $deadline_status, want 124" "$deadline_status" = 124
left_over="$(docker exec "$run_id-tools" ps -eo args | grep -c '^sleep 30' || true)"
judge "nothing the deadline ended is left running in the container" \
  "$left_over 'sleep 30' process(es) still running after the deadline" "$left_over" = 0

# --- the file tree, as exported --------------------------------------------------------------------
docker create --name "$run_id-export" "$image" /export-only >/dev/null
docker export "$run_id-export" | tar -tvf - >"$workdir/tree"
docker rm "$run_id-export" >/dev/null
# tar -tv modes: -rwsr-xr-x (setuid), -rwxr-sr-x (setgid)
privileged_files="$(awk '$1 ~ /^-..[sS]/ || $1 ~ /^-.....[sS]/ { print $NF }' "$workdir/tree")"
judge "no setuid/setgid file" "setuid/setgid files: $(tr '\n' ' ' <<<"$privileged_files")" -z "$privileged_files"
# tar -tv: MODE OWNER SIZE DATE TIME NAME [-> TARGET]; names in this image have no spaces
awk '{ print $6 }' "$workdir/tree" | sed -e 's|^\./||' -e 's|/$||' >"$workdir/names"
present() { grep -qxF "$1" "$workdir/names"; }
for path in var/lib/apt/lists var/cache/apt usr/bin/apt usr/bin/apt-get; do
  if present "$path"; then fail "package manager leftover $path is present"; else pass "no $path"; fi
done
for shell in sh bash dash rbash perl python3; do
  if present "usr/bin/$shell" || present "bin/$shell"; then fail "interpreter $shell is present"; else pass "no interpreter $shell"; fi
done
# the traceroute package's script wrappers are removed; only the traceroute.db binary stays
for path in usr/bin/lft.db usr/bin/traceproto.db usr/bin/traceroute-nanog usr/sbin/tcptraceroute.db \
    usr/bin/lft usr/bin/traceproto usr/sbin/tcptraceroute; do
  if present "$path"; then fail "unused traceroute wrapper $path is present"; else pass "no $path"; fi
done

# --- ping as non-root without any capability ------------------------------------------------------
# The pod's settings with the ping sysctl, as the operator renders them (the network Docker's
# default): the checks that need exactly these run by exec in this one container; tcpdump below
# captures its traffic.
docker run -d --name "$run_id-sandbox" --read-only --cap-drop ALL --security-opt no-new-privileges \
  --user "$uid:$gid" --sysctl "$ping_sysctl" "$image" >/dev/null
in_pod() { docker exec "$run_id-sandbox" "$@"; }
check "ping 127.0.0.1 as $uid with ping_group_range (no NET_RAW)" \
  in_pod ping -c 1 -W 2 127.0.0.1
refuse "ping is refused when ping_group_range excludes the sandbox group (no raw-socket path)" \
  docker run --rm --read-only --cap-drop ALL --security-opt no-new-privileges --user "$uid:$gid" \
    --sysctl "net.ipv4.ping_group_range=1 0" "$image" ping -c 1 -W 2 127.0.0.1
refuse "the sandbox user cannot write the image's files (even without --read-only)" \
  docker run --rm --cap-drop ALL --security-opt no-new-privileges --user "$uid:$gid" "$image" touch /etc/itmcp-write-test

# --- traceroute as non-root without any capability -------------------------------------------------
# UDP probes need no privilege (errors come back through IP_RECVERR); ICMP probes use the same ping
# sockets as ping, so they follow ping_group_range; TCP probes would need a raw socket and are not offered.
check "traceroute (UDP) to 127.0.0.1 as $uid without capabilities" \
  in_sandbox traceroute.db -n -q 1 -m 2 -w 2 127.0.0.1
check "traceroute -I (ICMP) to 127.0.0.1 as $uid with ping_group_range (no NET_RAW)" \
  in_pod traceroute.db -n -I -q 1 -m 2 -w 2 127.0.0.1
refuse "traceroute -T (TCP, raw socket) is refused without NET_RAW" \
  in_sandbox traceroute.db -n -T -p 22 -q 1 -m 2 -w 2 127.0.0.1

# --- openssl s_client and curl against a TLS server on the sandbox's loopback -----------------------
# The server runs in a container of its own (with a writable /tmp for its key), the clients share its
# network namespace with the hardened settings, as a tool call would.
docker run -d --name "$run_id-tls" --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges \
  --user "$uid:$gid" --network none "$image" >/dev/null
docker exec "$run_id-tls" openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost -keyout /tmp/key.pem -out /tmp/cert.pem >/dev/null 2>&1
docker exec -d "$run_id-tls" openssl s_server -quiet -www -accept 4433 -cert /tmp/cert.pem -key /tmp/key.pem
docker run -d --name "$run_id-tls-client" --read-only --cap-drop ALL --security-opt no-new-privileges \
  --user "$uid:$gid" --network "container:$run_id-tls" "$image" >/dev/null
tls_client() { docker exec -i "$run_id-tls-client" "$@"; }
for _ in 1 2 3 4 5 6 7 8 9 10; do tls_client openssl s_client -connect 127.0.0.1:4433 </dev/null >/dev/null 2>&1 && break; sleep 1; done
tls_client openssl s_client -connect 127.0.0.1:4433 -servername localhost -showcerts \
  -verify_hostname localhost -CAfile /etc/ssl/certs/ca-certificates.crt </dev/null >"$workdir/tls" 2>&1
if grep -q -- '-----BEGIN CERTIFICATE-----' "$workdir/tls" && grep -q 'Verify return code: 18 (self-signed certificate)' "$workdir/tls"; then
  pass "openssl s_client as $uid shows the chain and says a self-signed certificate does not verify against the bundle"
else
  fail "openssl s_client: $(tail -n 5 "$workdir/tls" | tr '\n' ' ')"
fi
# -k only here: the check is that curl's TLS works in the sandbox, not the certificate (http_check never passes it)
check "curl as $uid speaks HTTPS to the loopback server" \
  tls_client curl -sS -k --max-time 5 -o /dev/null https://127.0.0.1:4433/
refuse "curl verifies against the CA bundle (the self-signed server is refused)" \
  tls_client curl -sS --max-time 5 -o /dev/null https://127.0.0.1:4433/

# --- ssh needs a passwd entry for its uid ------------------------------------------------------------
# ssh exits with "No user exists for uid N" when the uid has no passwd entry, so the pod must run as
# the image's user. Port 1 on loopback is closed: the check is about how far ssh gets, not the peer.
in_pod ssh -o BatchMode=yes -o ConnectTimeout=2 -p 1 127.0.0.1 true >"$workdir/ssh" 2>&1
if grep -q 'Connection refused' "$workdir/ssh"; then pass "ssh as $uid gets as far as connecting"; else fail "ssh as $uid: $(tr '\n' ' ' <"$workdir/ssh")"; fi

# --- tcpdump in the capture container's settings catches the sandbox's traffic --------------------
# The capture container runs as root and adds no capability (adding NET_RAW is not Pod Security
# "baseline"); it keeps NET_RAW, SETUID and SETGID from the runtime's default set and drops the rest.
# Debian's tcpdump drops to its own user after opening the capture, which needs SETUID/SETGID: with
# NET_RAW alone it exits with "Couldn't change to 'tcpdump' uid=...". After the drop it holds nothing.
runtime_defaults_but_capture=(--cap-drop CHOWN --cap-drop DAC_OVERRIDE --cap-drop FSETID --cap-drop FOWNER
  --cap-drop MKNOD --cap-drop SETFCAP --cap-drop SETPCAP --cap-drop NET_BIND_SERVICE --cap-drop SYS_CHROOT
  --cap-drop KILL --cap-drop AUDIT_WRITE)
capture() { # capture OUTPUT CAPABILITY-FLAGS...: tcpdump two ICMP packets of the sandbox's ping
  local output="$1"; shift
  ( sleep 2; docker exec "$run_id-sandbox" ping -c 4 -i 0.3 127.0.0.1 >/dev/null 2>&1 ) &
  local pinger=$!
  timeout 20 docker run --rm --read-only "$@" --security-opt no-new-privileges --user 0:0 \
    --network "container:$run_id-sandbox" "$image" tcpdump -i lo -n -l -c 2 icmp >"$output" 2>&1
  local status=$?
  wait "$pinger" 2>/dev/null
  return "$status"
}
if capture "$workdir/capture" "${runtime_defaults_but_capture[@]}" && grep -q 'ICMP echo request' "$workdir/capture"; then
  pass "tcpdump (root; NET_RAW, SETUID, SETGID from the runtime defaults; nothing added) captures the sandbox's ping"
else
  fail "tcpdump capture: $(tail -n 3 "$workdir/capture" | tr '\n' ' ')"
fi
if capture "$workdir/capture-net-raw-only" "${runtime_defaults_but_capture[@]}" --cap-drop SETUID --cap-drop SETGID; then
  fail "tcpdump with NET_RAW alone worked; the capture container could drop SETUID/SETGID too"
else
  pass "tcpdump with NET_RAW alone fails ($(grep -o "Couldn't change to[^:]*" "$workdir/capture-net-raw-only" | head -n 1)), so the capture container keeps SETUID/SETGID"
fi

echo "# $checks checks, $failures failed"
((failures == 0))
