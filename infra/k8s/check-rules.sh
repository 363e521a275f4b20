#!/usr/bin/env bash
# Checks the alerting rules of infra/k8s/80-monitoring.yaml with Prometheus' own tool, promtool:
#   1. `promtool check rules`  the rules parse (PromQL syntax, templates of annotations);
#   2. `promtool test rules`   the unit tests in infra/k8s/validation/src/test/promtool/rules-test.yaml:
#                              synthetic series in, which alerts fire (and which do not) out.
# No cluster and no network needed once promtool is there. promtool is not on Maven Central, so this is not
# part of `./mvnw verify` (MonitoringRulesTest there checks the metric names and annotations); .ci/run calls
# this script. promtool comes from PATH, or from $PROMTOOL, or else from Debian's `prometheus` package,
# downloaded (not installed) into target/promtool: `apt-get download` + `dpkg-deb -x`, no root needed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$here/validation/target/promtool"
mkdir -p "$work"

promtool="${PROMTOOL:-$(command -v promtool || true)}"
if [ -z "$promtool" ]; then
  promtool="$work/pkg/usr/bin/promtool"
  if [ ! -x "$promtool" ]; then
    (cd "$work" && rm -f prometheus_*.deb && apt-get download prometheus >/dev/null 2>&1) \
      || { echo "promtool not found: install Debian's prometheus package or set PROMTOOL" >&2; exit 2; }
    dpkg-deb -x "$work"/prometheus_*.deb "$work/pkg"
  fi
fi
"$promtool" --version 2>&1 | head -1

# The PrometheusRule's spec is a Prometheus rule file (groups: ...): extract it.
python3 - "$here/80-monitoring.yaml" "$work/warmstart-rules.yaml" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d and d.get("kind") == "PrometheusRule"]
if len(docs) != 1:
    sys.exit("expected one PrometheusRule in %s, found %d" % (sys.argv[1], len(docs)))
yaml.safe_dump({"groups": docs[0]["spec"]["groups"]}, open(sys.argv[2], "w"), sort_keys=False)
PY
cp "$here/validation/src/test/promtool/rules-test.yaml" "$work/rules-test.yaml"
"$promtool" check rules "$work/warmstart-rules.yaml"
(cd "$work" && "$promtool" test rules rules-test.yaml)
