#!/usr/bin/env bash
# Installs what building and testing Residue needs, when it is missing (Debian/Ubuntu).
set -euo pipefail

need=()
pkg-config --exists libpcre2-8 2>/dev/null || need+=(libpcre2-dev)
pkg-config --exists libmagic 2>/dev/null || need+=(libmagic-dev)
pkg-config --exists zlib 2>/dev/null || need+=(zlib1g-dev)
# Foundation's URLSession (residue aws) links libcurl; the static release build needs libcurl.so.
pkg-config --exists libcurl 2>/dev/null || need+=(libcurl4-openssl-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v git >/dev/null 2>&1 || need+=(git)
command -v python3 >/dev/null 2>&1 || need+=(python3)

if ((${#need[@]})); then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    echo "bootstrap: installing ${need[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The SARIF test validates reports with Python's jsonschema.
if ! python3 -c 'import jsonschema' 2>/dev/null; then
    echo "bootstrap: installing the jsonschema Python package" >&2
    python3 -m pip install --quiet jsonschema 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages jsonschema
fi

# The `residue aws` tests run against a local moto_server (a fake AWS endpoint on loopback).
if ! command -v moto_server >/dev/null 2>&1 || ! python3 -c 'import moto, boto3' 2>/dev/null; then
    echo "bootstrap: installing the moto[server] and boto3 Python packages" >&2
    python3 -m pip install --quiet 'moto[server]' boto3 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages 'moto[server]' boto3
fi
