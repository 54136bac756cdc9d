#!/usr/bin/env bash
# Installs what building and testing need on Debian 12, skipping what is already there.
#   ci/deps.sh            # build + unit tests
#   ci/deps.sh --all      # also the fuzzing toolchain and the interop peers
set -euo pipefail
packages=(build-essential g++ cmake ninja-build git ccache pkg-config
          libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev
          zlib1g-dev libgmp-dev libcap-dev libssl-dev)
if [[ "${1:-}" == "--all" ]]; then
  packages+=(clang-19 libclang-rt-19-dev xxd bsdextrautils)
  packages+=(python3-cryptography-vectors openssl)  # NIST CAVP files, and the openssl command for nocrypto interop
  packages+=(iproute2 iputils-ping socat tcpdump netcat-openbsd curl dnsmasq-base)  # tcpip interop: namespaces, tap, ping, UDP and TCP peers, a DHCP server
  packages+=(ldnsutils python3-dnspython bind9-dnsutils)  # dns interop: ldns-read-zone, dnspython, dig
  packages+=(nsd knot-dnsutils dnsperf)  # dns-server interop and bench: NSD as the peer, kdig, dnsperf
  packages+=(gnutls-bin)  # tls interop: gnutls-serv and gnutls-cli as peers (openssl s_server/s_client too)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "ci/deps.sh: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
