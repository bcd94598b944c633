#!/usr/bin/env bash
# Runs every test of NFP against the real PostgreSQL (and, as later parts need them, RabbitMQ and
# Docker) that deploy/bootstrap.sh starts, then prints one summary line counted from the TRX results:
#   N passed, N failed[, N skipped]
# Exits non-zero when a test failed or when no test ran.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

results=TestResults
deploy/bootstrap.sh
deploy/images/build.sh nfp/base nfp/web nfp/haproxy nfp/iptables-fw nfp/strongswan-vpn nfp/configurator
set -a
# shellcheck disable=SC1091  # written by bootstrap.sh
. /etc/nfp/nfp.env
set +a

# One run at a time on a machine: the test projects' subnet blocks (10.77/16, 10.78/16) are theirs alone.
# The lock is this shell's (each command below gets 9>&-): a daemon a test leaves behind cannot hold it.
exec 9>/run/lock/nfp-tests.lock
flock 9
# What a run killed half way left in those blocks (containers, then their networks) would overlap
# this run's networks: remove it. Nothing else uses the blocks; the demo chain is in 10.79/16.
for network in $(docker network ls -q); do
    case " $(docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}' "$network")" in
    *" 10.77."* | *" 10.78."*)
        containers=$(docker network inspect -f '{{range $id, $c := .Containers}}{{$id}} {{end}}' "$network")
        # shellcheck disable=SC2086  # one id per word
        [ -z "$containers" ] || docker rm -f $containers >/dev/null
        docker network rm "$network" >/dev/null
        ;;
    esac
done

rm -rf "$results"
dotnet build NFP.sln --nologo -v quiet -clp:NoSummary 9>&-
# The test projects run in parallel (each integration test class has its own database), each with
# a results folder of its own: TRX files are named by the second they were written in.
for project in tests/*/*.csproj; do
    dotnet test "$project" --no-build --nologo -v quiet --logger trx \
        --results-directory "$results/$(basename "$project" .csproj)" 9>&- &
done
wait

count() { # count COUNTER: the sum of that counter over every TRX file (0 when there are none)
    (
        set +o pipefail
        find "$results" -name '*.trx' -exec cat {} + | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" |
            grep -o '[0-9]*' | awk '{ n += $1 } END { print n + 0 }'
    )
}
# What failed, and why, in a few lines each, where the summary is read (a run's console output is long).
failures() {
    find "$results" -name '*.trx' -print0 | xargs -0 -r /usr/bin/python3 -c '
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        if result.get("outcome") in ("Passed", "NotExecuted"):
            continue
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", "", ns).strip().splitlines()
        print("FAILED " + result.get("testName"), *("    " + line for line in message[:12]), sep="\n")
'
}
failures >&2
passed=$(count passed)
failed=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
skipped=$(count notExecuted)
# A test host that crashed writes no TRX file: that is a failure even if every counted test passed.
projects=$(find tests -mindepth 2 -maxdepth 2 -name '*.csproj' | wc -l)
reported=$(find "$results" -name '*.trx' | wc -l)
[ "$reported" -eq "$projects" ] || echo "test.sh: only $reported of $projects test projects reported results" >&2
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$reported" -eq "$projects" ] && [ "$passed" -gt 0 ] && [ "$failed" -eq 0 ]
