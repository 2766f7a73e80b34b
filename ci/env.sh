# SPDX-License-Identifier: GPL-2.0
# Shared settings for the genpt scripts; sourced, never run.
#
# Everything big (the base tree, kernel build directories, ccache) lives in
# $GENPT_CACHE, outside the clone, so a fresh CI clone and later runs reuse it.

GENPT_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GENPT_CACHE=${GENPT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/genpt}
# The Debian package the series was generated on. A newer 6.12.y still works:
# see ci/base.sh and the README.
GENPT_BASE_PKG=linux-source-6.12
GENPT_BASE_DEBVER=$(cat "$GENPT_TOP/ci/base-version")
GENPT_BASE=$GENPT_CACHE/base/linux          # git repo, one commit: the base
GENPT_WORK=$GENPT_CACHE/work/linux          # developer tree: base + series
GENPT_BUILD=$GENPT_CACHE/build              # O= build directories
export CCACHE_DIR=${CCACHE_DIR:-$GENPT_CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
export CCACHE_COMPILERCHECK=content
# The check tree and the work tree are different directories with the same
# sources: hash paths relative to the cache so they share hits.
export CCACHE_BASEDIR=$GENPT_CACHE
export CCACHE_NOHASHDIR=true
# Fixed identity and dates: the base commit and every generated patch are
# reproducible byte for byte.
GENPT_DATE="2026-11-01T00:00:00+0000"
export GIT_AUTHOR_NAME="genpt base" GIT_AUTHOR_EMAIL="genpt-base@localhost"
export GIT_COMMITTER_NAME="genpt base" GIT_COMMITTER_EMAIL="genpt-base@localhost"
export GIT_AUTHOR_DATE="$GENPT_DATE" GIT_COMMITTER_DATE="$GENPT_DATE"
export GIT_CONFIG_NOSYSTEM=1
JOBS=${JOBS:-$(nproc)}

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Install Debian packages that are missing (we run as root in CI).
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "apt-get install ${missing[*]}"
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq >&2 || true
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
		die "could not install ${missing[*]}"
}
