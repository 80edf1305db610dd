# Sourced by scripts/serve.sh and scripts/test.sh, from the project's root.
#
# kh_venv [EXTRA ...]: the project's own virtual environment .venv, made once with the system's
# python (${PYTHON:-python3}), then brought in step with pyproject.toml by scripts/_venv.py (pip runs
# only when pyproject.toml changed or an extra is missing). Nothing is ever installed into the
# system's python. Afterwards "$KH_PY" is the environment's python, and the environment is active
# (its bin/ first on PATH, as `source .venv/bin/activate` does), so `kehoach` and `mkdocs` are its own.

KH_VENV=.venv
KH_PY="$KH_VENV/bin/python"

kh_fail() {
  printf '%s\n' "$*" >&2
  exit 1
}

# Make .venv with the system's python unless a working one is there.
kh_venv_create() {
  local python="${PYTHON:-python3}" version package
  if [ -x "$KH_PY" ] && "$KH_PY" -c '' >/dev/null 2>&1; then
    return 0
  fi
  command -v "$python" >/dev/null 2>&1 ||
    kh_fail "Không tìm thấy $python: cài Python ≥ 3.10 (hoặc đặt PYTHON=<đường dẫn python3>) rồi chạy lại."
  version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" ||
    kh_fail "Không chạy được $python: cài Python ≥ 3.10 (hoặc đặt PYTHON=<đường dẫn python3>) rồi chạy lại."
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
    kh_fail "Cần Python ≥ 3.10, $python là $version: cài bản mới hơn rồi chạy lại với PYTHON=<đường dẫn python3>."
  # Debian and Ubuntu ship venv's ensurepip in a package of its own (python3.X-venv).
  if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    package="python$version-venv"
    command -v apt-get >/dev/null 2>&1 ||
      kh_fail "Thiếu mô-đun venv (ensurepip) của $python: cài gói venv của Python $version rồi chạy lại."
    [ "$(id -u)" = 0 ] ||
      kh_fail "Thiếu $package: chạy 'sudo apt-get install $package' rồi chạy lại."
    printf 'kehoach: cài %s bằng apt-get…\n' "$package" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null ||
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null ||
      true
    "$python" -c 'import venv, ensurepip' >/dev/null 2>&1 ||
      kh_fail "Thiếu $package và apt-get không cài được: cài gói này rồi chạy lại."
  fi
  rm -rf "$KH_VENV"
  printf 'kehoach: tạo môi trường ảo %s bằng %s (Python %s)…\n' "$KH_VENV" "$python" "$version" >&2
  "$python" -m venv "$KH_VENV" || {
    rm -rf "$KH_VENV"
    kh_fail "Không tạo được môi trường ảo $KH_VENV bằng $python."
  }
}

# What `source .venv/bin/activate` does, without touching the prompt.
kh_venv_activate() {
  VIRTUAL_ENV="$PWD/$KH_VENV"
  PATH="$VIRTUAL_ENV/bin:$PATH"
  export VIRTUAL_ENV PATH
  unset PYTHONHOME
}

kh_venv() {
  kh_venv_create
  "$KH_PY" scripts/_venv.py "$@"
  kh_venv_activate
}
