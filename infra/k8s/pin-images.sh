#!/usr/bin/env bash
# Pins every image of the manifests by digest, for a release: for each `images:` entry of
# infra/k8s/kustomization.yaml (and those of infra/k8s/migrate/ and infra/k8s/keda/), asks the registry for the digest
# of <newName or name>:<newTag> and writes it into the entry's `digest:` line, replacing the placeholder
# sha256:PIN-AT-RELEASE (or an older digest). Run it after pushing the platform image and before
# `kubectl apply`, then commit the result with the release; the release pipeline then runs
#   ./mvnw -pl infra/k8s/validation verify -Dwarmstart.k8s.release=true
# which fails while any placeholder is left.
# Needs registry access: `skopeo` (Debian package) by default, or DIGEST_CMD, a command that prints the
# digest of the reference given as its argument (e.g. DIGEST_CMD='crane digest').
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
digest_of() {
  if [ -n "${DIGEST_CMD:-}" ]; then
    $DIGEST_CMD "$1"
  else
    skopeo inspect --no-tags --format '{{.Digest}}' "docker://$1"
  fi
}
export -f digest_of
for file in "$here/kustomization.yaml" "$here/migrate/kustomization.yaml" "$here/keda/kustomization.yaml"; do
  python3 - "$file" <<'PY'
import re, subprocess, sys
path = sys.argv[1]
lines = open(path).read().split("\n")
in_images, entry = False, None
def flush(entry):
    if not entry or "digest" not in entry:
        return
    ref = "%s:%s" % (entry.get("newName", entry["name"]), entry["newTag"])
    digest = subprocess.run(["bash", "-c", 'digest_of "$0"', ref], check=True, capture_output=True, text=True).stdout.strip()
    if not re.fullmatch(r"sha256:[0-9a-f]{64}", digest):
        sys.exit("%s: no digest for %s (got %r)" % (path, ref, digest))
    i = entry["digest"]
    lines[i] = re.sub(r"digest:.*$", "digest: " + digest, lines[i])
    print("%s: %s@%s" % (path, ref, digest))
for n, line in enumerate(lines):
    if re.match(r"^images:\s*$", line):
        in_images = True
        continue
    if in_images and re.match(r"^\S", line):
        flush(entry); entry = None; in_images = False
    if not in_images:
        continue
    m = re.match(r"^\s*(-\s+)?(name|newName|newTag|digest):\s*\"?([^\"#\s]+)\"?", line)
    if m:
        if m.group(1):
            flush(entry); entry = {}
        entry[m.group(2)] = n if m.group(2) == "digest" else m.group(3)
flush(entry)
open(path, "w").write("\n".join(lines))
PY
done
