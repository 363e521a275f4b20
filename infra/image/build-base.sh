#!/usr/bin/env bash
# Assembles the base of the platform image without any registry or Docker daemon:
#
#   OUT/rootfs  glibc, libgcc_s, libstdc++, zlib (Debian packages via `apt-get download`), /etc/passwd
#               with the non-root user 185, /etc/os-release and dpkg status entries (so that image
#               scanners see the Debian packages), the C.UTF-8 locale, and the writable directories /tmp and
#               /var/lib/warmstart.
#   OUT/jre     a jlink-ed Java 17 runtime, to be placed at /opt/java/openjdk.
#
# Jib (profile `image` of platform-api) builds the image FROM scratch with these two directories as its
# first two layers, then the Quarkus fast-jar. Nothing here needs root, a network beyond the Debian
# mirror, or a container runtime.
#
# Usage: infra/image/build-base.sh OUT_DIR
# Environment:
#   WARMSTART_IMAGE_JDK    debian (default): download the current Debian openjdk-17-jre-headless and
#                          openjdk-17-jdk-headless packages (~115 MB once, then cached) and jlink from them, so
#                          the image gets Debian's latest Java 17 security release whatever JDK the build host has.
#                          host: jlink from JAVA_HOME_FOR_IMAGE (default /usr/lib/jvm/java-17-openjdk-amd64; needs
#                          its jmods, i.e. package openjdk-17-jdk-headless): no JDK download, the host's patch level.
#   WARMSTART_IMAGE_CACHE  where downloaded .deb files are kept (default ~/.cache/warmstart-image).
# The result is reused (not rebuilt) while the script, the package versions and the JDK are unchanged.
set -euo pipefail

OUT=${1:?usage: build-base.sh OUT_DIR}
JDK_SOURCE=${WARMSTART_IMAGE_JDK:-debian}
CACHE=${WARMSTART_IMAGE_CACHE:-${HOME:-/tmp}/.cache/warmstart-image}
MULTIARCH=x86_64-linux-gnu
# Shared libraries the JVM and DJL's libtorch (which bundles its own libgomp) need; libc-bin only for the
# C.UTF-8 locale (without it Java 17 falls back to ASCII file names and default charset); base-files for os-release.
PACKAGES=(libc6 libgcc-s1 libstdc++6 zlib1g libc-bin base-files)
# The platform's modules: the Java SE APIs, Unsafe (Netty, Hibernate), EC/PKCS11 crypto for TLS, DNS, JFR,
# JMX and jcmd for diagnostics. Chosen by hand as a superset of what the platform uses (jdeps was not run).
MODULES=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.management.jfr,jdk.jfr,\
jdk.naming.dns,jdk.zipfs,jdk.charsets,jdk.localedata,jdk.net,jdk.jcmd,jdk.attach,jdk.security.auth,\
jdk.security.jgss,jdk.httpserver

log() { printf '[build-base] %s\n' "$*" >&2; }
mkdir -p "$CACHE" "$OUT"
OUT=$(cd "$OUT" && pwd)
SCRIPT_SHA=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)

# --- Debian packages: resolve the candidate versions, download what the cache lacks --------------------------
resolve() { # print "package file" for the candidate version of each package, in one (slow) apt-cache call
  apt-cache show --no-all-versions "$@" | awk -v cache="$CACHE" '
    /^Package: /{p=$2} /^Version: /{v=$2} /^Architecture: /{a=$2}
    /^$/{ if (p != "") { gsub(":", "%3a", v); print p, cache "/" p "_" v "_" a ".deb" }; p="" }
    END{ if (p != "") { gsub(":", "%3a", v); print p, cache "/" p "_" v "_" a ".deb" } }'
}
fetch() { # download package $1 into the cache as file $2 (the name apt-get download gives it) unless it is there
  if [[ ! -s $2 ]]; then
    log "downloading $1"
    # apt-get download writes into the current directory; as root it warns that _apt cannot write there.
    (cd "$CACHE" && apt-get download -q "$1" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
    [[ -s $2 ]] || { log "download of $1 failed (expected $2)"; exit 1; }
  fi
}

WANTED=("${PACKAGES[@]}")
[[ $JDK_SOURCE == debian ]] && WANTED+=(openjdk-17-jre-headless openjdk-17-jdk-headless)
declare -A DEB
while read -r p f; do DEB[$p]=$f; done < <(resolve "${WANTED[@]}")
for p in "${WANTED[@]}"; do
  [[ -n ${DEB[$p]:-} ]] || { log "apt-cache knows no package $p (run apt-get update)"; exit 1; }
  fetch "$p" "${DEB[$p]}"
done
DEBS=()
for p in "${PACKAGES[@]}"; do DEBS+=("${DEB[$p]}"); done

if [[ $JDK_SOURCE == debian ]]; then
  JDK_DEBS=("${DEB[openjdk-17-jre-headless]}" "${DEB[openjdk-17-jdk-headless]}")
  JDK_KEY=$(basename "${JDK_DEBS[0]}")
else
  JDK=${JAVA_HOME_FOR_IMAGE:-/usr/lib/jvm/java-17-openjdk-amd64}
  [[ -f $JDK/jmods/java.base.jmod ]] || { log "$JDK has no jmods (install openjdk-17-jdk-headless, or WARMSTART_IMAGE_JDK=debian)"; exit 1; }
  JDK_KEY=$(grep -h '^JAVA_RUNTIME_VERSION\|^IMPLEMENTOR_VERSION' "$JDK/release" | tr -d '\n"')
fi

# No --generate-cds-archive: JDK 17 writes a different CDS archive on every run, which would make the Java layer
# (~30 MB compressed) a new blob on every build; without it the layer is bit-for-bit reproducible (startup +~0.1 s).
# No --compress: the layer is gzip-compressed anyway, and an uncompressed modules file starts faster.
JLINK_ARGS=(--add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files
  --include-locales=en,de,fr,es,it,nl,pt)
ROOT_KEY="$SCRIPT_SHA $(printf '%s ' "${DEBS[@]##*/}")"
JRE_KEY="$JDK_SOURCE $JDK_KEY ${JLINK_ARGS[*]}"
ROOT_OK=false JRE_OK=false
[[ -f $OUT/.rootfs-key && $(cat "$OUT/.rootfs-key") == "$ROOT_KEY" && -d $OUT/rootfs ]] && ROOT_OK=true
[[ -f $OUT/.jre-key && $(cat "$OUT/.jre-key") == "$JRE_KEY" && -x $OUT/jre/bin/java ]] && JRE_OK=true
if $ROOT_OK && $JRE_OK; then
  log "up to date: $OUT"
  exit 0
fi
START=$SECONDS
WORK=$OUT/.work
ROOT=$OUT/rootfs
rm -rf "$WORK"
mkdir -p "$WORK"

if ! $ROOT_OK; then
rm -rf "$ROOT" "$OUT/.rootfs-key"
mkdir -p "$ROOT"
# --- Root filesystem: shared libraries as plain files (no symlinks in the layers) -----------------------------
mkdir -p "$ROOT/lib/$MULTIARCH" "$ROOT/usr/lib/$MULTIARCH" "$ROOT/lib64" "$ROOT/etc" \
  "$ROOT/var/lib/dpkg/status.d" "$ROOT/usr/share/doc" "$ROOT/tmp" "$ROOT/var/lib/warmstart"
for deb in "${DEBS[@]}"; do
  name=$(dpkg-deb -f "$deb" Package)
  x=$WORK/$name
  dpkg-deb -x "$deb" "$x"
  # Every shared object of the package (libc6's gconv modules and audit/debug helpers are not needed).
  for dir in lib/$MULTIARCH usr/lib/$MULTIARCH; do
    [[ -d $x/$dir ]] || continue
    find "$x/$dir" -maxdepth 1 \( -type f -o -type l \) -name '*.so*' -print0 |
      while IFS= read -r -d '' f; do cp -L "$f" "$ROOT/$dir/"; done
  done
  # Scanners (Trivy, Grype, Syft) read distroless-style per-package status files.
  dpkg-deb -f "$deb" > "$ROOT/var/lib/dpkg/status.d/$name"
  if [[ -f $x/usr/share/doc/$name/copyright ]]; then
    mkdir -p "$ROOT/usr/share/doc/$name" && cp "$x/usr/share/doc/$name/copyright" "$ROOT/usr/share/doc/$name/"
  fi
done
# The ELF interpreter at the path every x86-64 binary names.
cp -L "$WORK/libc6/lib64/ld-linux-x86-64.so.2" "$ROOT/lib64/ld-linux-x86-64.so.2"
# Only SONAME-named libraries are needed at run time: drop the versioned duplicates of the symlinks.
rm -f "$ROOT/usr/lib/$MULTIARCH"/libstdc++.so.6.0.* "$ROOT/lib/$MULTIARCH"/libz.so.1.*
cp "$WORK/base-files/usr/lib/os-release" "$ROOT/etc/os-release"
mkdir -p "$ROOT/usr/lib/locale" && cp -r "$WORK/libc-bin/usr/lib/locale/C.utf8" "$ROOT/usr/lib/locale/"
# Of these two only a file or two is in the image: they are not "installed" packages for scanners.
rm -f "$ROOT/var/lib/dpkg/status.d/base-files" "$ROOT/var/lib/dpkg/status.d/libc-bin"

cat > "$ROOT/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
warmstart:x:185:185:Warmstart platform:/var/lib/warmstart:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat > "$ROOT/etc/group" <<'EOF'
root:x:0:
warmstart:x:185:
nobody:x:65534:
EOF
cat > "$ROOT/etc/nsswitch.conf" <<'EOF'
passwd: files
group: files
hosts: files dns
EOF

printf '%s' "$ROOT_KEY" > "$OUT/.rootfs-key"
fi

# --- Java runtime ---------------------------------------------------------------------------------------------
if ! $JRE_OK; then
rm -rf "$OUT/jre" "$OUT/.jre-key"
if [[ $JDK_SOURCE == debian ]]; then
  jx=$WORK/jdk
  for deb in "${JDK_DEBS[@]}"; do dpkg-deb -x "$deb" "$jx"; done
  JDK=$jx/usr/lib/jvm/java-17-openjdk-amd64
  # Debian points conf/ and lib/security at /etc/java-17-openjdk: resolve those links inside the extraction.
  find "$JDK" -type l | while read -r l; do
    t=$(readlink "$l")
    # (lib/security/cacerts points into ca-certificates-java, not extracted: jlink does not need it.)
    if [[ $t == /etc/* ]]; then rm "$l"; if [[ -e $jx$t ]]; then cp "$jx$t" "$l"; fi; fi
  done
fi
log "jlink from $JDK ($JDK_KEY)"
"$JDK/bin/jlink" "${JLINK_ARGS[@]}" --output "$OUT/jre" >/dev/null
find "$OUT/jre" -type l | while read -r l; do cp --remove-destination "$(readlink -f "$l")" "$l"; done
# The runtime's own trust store (jlink copies the one in the jmod); the Debian one if the jmod had none.
[[ -s $OUT/jre/lib/security/cacerts ]] || cp -L /etc/ssl/certs/java/cacerts "$OUT/jre/lib/security/cacerts"
printf '%s' "$JRE_KEY" > "$OUT/.jre-key"
fi

rm -rf "$WORK"
{
  echo "base built $(date -u +%FT%TZ) by infra/image/build-base.sh (sha256 $SCRIPT_SHA)"
  for deb in "${DEBS[@]}"; do echo "deb $(basename "$deb")"; done
  echo "jre $("$OUT/jre/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p') ($JDK_SOURCE)"
} > "$OUT/base-manifest.txt"
log "built $OUT in $((SECONDS - START)) s: rootfs $(du -sh "$ROOT" | cut -f1), jre $(du -sh "$OUT/jre" | cut -f1)"
