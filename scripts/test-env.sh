#!/usr/bin/env bash
# Run a command (the test suite) with what the tests need started around it: a local Neo4j
# when scripts/neo4j-local exists and Java is present. It is stopped again afterwards.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
started=0
if [ -x "$here/neo4j-local" ] && command -v java >/dev/null && command -v mvn >/dev/null; then
  if "$here/neo4j-local" start; then
    started=1
    eval "$("$here/neo4j-local" env)"
    export NEO4J_URI NEO4J_USER NEO4J_PASSWORD NEO4J_BROWSER_URL
  else
    echo "test-env: could not start the local Neo4j" >&2
    exit 1
  fi
fi
"$@"
rc=$?
if [ "$started" = 1 ]; then "$here/neo4j-local" stop || true; fi
exit $rc
