#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make $GENPT_BASE: a git repository holding Debian's linux-source-6.12 as a
# single commit with a fixed author, committer and date, so its commit id
# depends only on the tree and every generated patch carries a stable
# base-commit: trailer.
#
# The preferred package version is ci/base-version (the one the committed
# series was generated on). If Debian no longer ships it, the newest 6.12.y is
# used instead and a note says so; the series is re-applied with git am -3, and
# the freshness check compares patches without their base-dependent lines.
set -euo pipefail
. "$(dirname "$0")/env.sh"

need_pkgs git xz-utils

installed=$(dpkg-query -W -f='${Version}' $GENPT_BASE_PKG 2>/dev/null || true)
if [ ! -f /usr/src/linux-source-6.12.tar.xz ] || [ "$installed" != "$GENPT_BASE_DEBVER" ]; then
	sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq >&2 || true
	if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --allow-downgrades \
		"$GENPT_BASE_PKG=$GENPT_BASE_DEBVER" >&2; then
		log "note: $GENPT_BASE_PKG $GENPT_BASE_DEBVER is not available; using the newest 6.12.y"
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $GENPT_BASE_PKG >&2 ||
			die "cannot install $GENPT_BASE_PKG"
	fi
	installed=$(dpkg-query -W -f='${Version}' $GENPT_BASE_PKG)
fi

stamp=$GENPT_BASE/.git/genpt-debver
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$installed" ] &&
   git -C "$GENPT_BASE" rev-parse -q --verify HEAD >/dev/null; then
	exit 0
fi

log "unpacking $GENPT_BASE_PKG $installed into $GENPT_BASE (once)"
rm -rf "$GENPT_BASE.tmp"
mkdir -p "$GENPT_BASE.tmp"
tar -xf /usr/src/linux-source-6.12.tar.xz -C "$GENPT_BASE.tmp" --strip-components=1
cd "$GENPT_BASE.tmp"
git init -q -b base
git config core.autocrlf false
git config gc.auto 0
git add -f -A .
ver=$(make -s kernelversion 2>/dev/null || true)
git commit -q --no-verify -m "Linux $ver (Debian $GENPT_BASE_PKG $installed)" \
	-m "Unpacked from /usr/src/linux-source-6.12.tar.xz; the base of the genpt series."
echo "$installed" > .git/genpt-debver
cd /
rm -rf "$GENPT_BASE"
mv "$GENPT_BASE.tmp" "$GENPT_BASE"
log "base: $(git -C "$GENPT_BASE" log -1 --format='%h %s')"
