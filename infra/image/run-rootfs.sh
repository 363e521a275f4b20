#!/usr/bin/env bash
# Runs the platform image WITHOUT a container runtime, for smoke tests on build machines that have no
# Docker daemon: unpacks the image tarball's layers into a directory and starts the image's entrypoint
# there, the way a Kubernetes pod of infra/k8s would: as the image's user (185), with the image's
# environment and working directory, a read-only root filesystem, and empty writable /tmp and
# /var/lib/warmstart (the pods' emptyDir volumes). It shares the host's network (no network namespace).
#
#   infra/image/run-rootfs.sh IMAGE.tar [-e NAME=VALUE]... [--args ARG...]     entrypoint + ARGs (as k8s `args`)
#   infra/image/run-rootfs.sh IMAGE.tar [-e NAME=VALUE]... -- COMMAND ARG...      COMMAND instead (`-- java -version`)
#
# Needs root (chroot, mount and PID namespaces) and python3; unpacks into ${ROOTFS_DIR:-IMAGE.tar.rootfs} (reused
# while the tarball is unchanged). Not an isolation boundary: no seccomp, no cgroup limits, host network.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IMAGE=${1:?usage: run-rootfs.sh IMAGE.tar [-e NAME=VALUE]... [--args ARG... | -- COMMAND ARG...]}
shift
EXTRA_ENV=() APPEND=() REPLACE=false
while [[ $# -gt 0 ]]; do
  case $1 in
    -e) EXTRA_ENV+=("$2"); shift 2 ;;
    --args) shift; APPEND=("$@"); set --; break ;;
    --) shift; REPLACE=true; break ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ $(id -u) == 0 ]] || { echo "run-rootfs.sh needs root (chroot, mounts)" >&2; exit 2; }

ROOT=${ROOTFS_DIR:-$IMAGE.rootfs}
STAMP=$(stat -c '%s %Y' "$IMAGE")
if [[ ! -f $ROOT.stamp || $(cat "$ROOT.stamp") != "$STAMP" ]]; then
  rm -rf "$ROOT"
  python3 "$HERE/inspect-image.py" "$IMAGE" --extract "$ROOT" >/dev/null
  mkdir -p "$ROOT/proc" "$ROOT/dev"
  echo "$STAMP" > "$ROOT.stamp"
fi

# User, environment, working directory and entrypoint from the image config (one NUL-separated list).
mapfile -d '' CFG < <(python3 - "$IMAGE" <<'EOF'
import json, sys, tarfile
t = tarfile.open(sys.argv[1])
names = {m.name.lstrip("./"): m for m in t.getmembers()}
g = lambda n: json.loads(t.extractfile(names[n]).read())
if "index.json" in names:
    m = g("blobs/" + g("index.json")["manifests"][0]["digest"].replace(":", "/"))
    c = g("blobs/" + m["config"]["digest"].replace(":", "/"))["config"]
else:
    c = g(g("manifest.json")[0]["Config"])["config"]
out = [c.get("User") or "0:0", c.get("WorkingDir") or "/", str(len(c.get("Env") or []))] + (c.get("Env") or []) \
      + (c.get("Entrypoint") or []) + (c.get("Cmd") or [])
sys.stdout.write("\0".join(out) + "\0")
EOF
)
USER_SPEC=${CFG[0]}; WORKDIR=${CFG[1]}; NENV=${CFG[2]}
IMAGE_ENV=("${CFG[@]:3:$NENV}")
ENTRY=("${CFG[@]:$((3 + NENV))}")
if $REPLACE; then ENTRY=("$@"); else ENTRY+=("${APPEND[@]}"); fi
[[ $USER_SPEC == *:* ]] || USER_SPEC="$USER_SPEC:$USER_SPEC"

# Mounts in private mount and PID namespaces, then chroot, chdir, drop to the image user and exec (Python,
# because the image has no shell and chroot(1) cannot set a working directory).
exec env -i "${IMAGE_ENV[@]}" "${EXTRA_ENV[@]}" /usr/bin/unshare --mount --pid --fork --kill-child /bin/bash -c '
  set -e
  R=$1
  mount --bind "$R" "$R"
  mount -o remount,bind,ro "$R"                       # readOnlyRootFilesystem: true
  mount -t proc proc "$R/proc"
  mount -t tmpfs -o mode=755 tmpfs "$R/dev"
  for d in null zero random urandom tty; do touch "$R/dev/$d"; mount --bind "/dev/$d" "$R/dev/$d"; done
  mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"            # the emptyDir volumes of the pods
  mount -t tmpfs -o mode=1777 tmpfs "$R/var/lib/warmstart"
  exec /usr/bin/python3 -c "
import os, sys, warnings  # warnings: imported lazily by execvp, unreachable after chroot
root, user, wd = sys.argv[1:4]
uid, gid = (int(x) for x in user.split(\":\")[:2])
os.chroot(root); os.chdir(wd)
os.setgroups([]); os.setgid(gid); os.setuid(uid)
os.execvp(sys.argv[4], sys.argv[4:])" "$@"' _ "$ROOT" "$USER_SPEC" "$WORKDIR" "${ENTRY[@]}"
