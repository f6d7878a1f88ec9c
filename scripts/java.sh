#!/usr/bin/env bash
# Java for Spark (pyspark 4 needs Java 17 or newer): installs Debian's default-jre-headless when no
# suitable `java` is found (needs root or sudo). Idempotent; prints the Java it found to stderr.
set -euo pipefail

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }

if ! command -v java >/dev/null 2>&1 || [ "$(major)" -lt 17 ]; then
    echo "Installerar Java (installing Java from Debian's packages)" >&2
    sudo_if_needed apt-get update -qq >&2
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >&2
fi
if [ "$(major)" -lt 17 ]; then
    echo "java.sh: Spark needs Java 17 or newer; found $(java -version 2>&1 | head -n 1)" >&2
    exit 1
fi
java -version 2>&1 | head -n 1 >&2
