#!/usr/bin/env bash
# Installs the Debian 12 packages whsim needs to build and test, when they are missing.
# Run as root (or with sudo). Idempotent: does nothing when everything is present.
# Usage: tools/setup.sh [--tests]
set -euo pipefail
packages=(
  cmake ninja-build g++ git
  libfmt-dev libyaml-cpp-dev libhdf5-dev hdf5-tools nlohmann-json3-dev libboost-program-options-dev
  libgtest-dev libgmock-dev libbenchmark-dev librandom123-dev
  binutils clang-format clang-tidy time
  clang libclang-rt-14-dev
)
# --tests: also what the integration tests need (h5py and pandas for the Python helpers, headless
# Chromium for the report test, `script` for the terminal-progress test, Open MPI for the MPI
# sweep mode, which CMake turns on when it finds MPI).
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(python3 python3-h5py python3-pandas python3-matplotlib chromium bsdutils openmpi-bin libopenmpi-dev)
elif [[ -n "${1:-}" ]]; then
  echo "usage: tools/setup.sh [--tests]" >&2
  exit 2
fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
