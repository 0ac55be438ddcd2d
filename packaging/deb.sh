#!/usr/bin/env bash
# make deb: legday_<version>_<arch>.deb from the release in DIST, with dpkg-deb.
#   deb.sh DIST VERSION
# The files are laid out by install.sh with PREFIX=/usr, so `make install` and the package cannot drift
# apart; Depends: comes from dpkg-shlibdeps, which reads the libraries the binary links.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dist=$(cd "${1:?usage: deb.sh DIST VERSION}" && pwd)
version=${2:?usage: deb.sh DIST VERSION}
arch=$(dpkg --print-architecture)
work=$here/.build/deb
root=$work/root
rm -rf "$work" && mkdir -p "$root/DEBIAN"

HOME=/nonexistent PREFIX=/usr DESTDIR=$root "$here/packaging/install.sh" "$dist" >/dev/null
rm -rf "$root/usr/share/legday"  # install.sh's own list: dpkg keeps its own
gzip -9n "$root"/usr/share/man/man*/*
doc=$root/usr/share/doc/legday
install -m 0644 "$here/packaging/debian/copyright" "$doc/copyright"
install -m 0644 "$here/packaging/debian/README.Debian" "$doc/README.Debian"
sed "s/@VERSION@/$version/; s/@DATE@/$(date -R -d @"$(git -C "$here" log -1 --format=%ct 2>/dev/null || date +%s)")/" \
  "$here/packaging/debian/changelog" | gzip -9n > "$doc/changelog.gz"
install -m 0755 "$here/packaging/debian/postinst" "$root/DEBIAN/postinst"
install -D -m 0644 "$here/packaging/debian/lintian-overrides" "$root/usr/share/lintian/overrides/legday"

# dpkg-shlibdeps wants a source package's debian/control to stand beside it.
mkdir -p "$work/src/debian"
printf 'Source: legday\n\nPackage: legday\nArchitecture: any\n' > "$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O -e"$root/usr/bin/legday" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" -e "s/@SIZE@/$size/" \
  "$here/packaging/debian/control" > "$root/DEBIAN/control"
(cd "$root" && find usr -type f -exec md5sum {} +) > "$root/DEBIAN/md5sums"

output=$here/.build/legday_${version}_${arch}.deb
rm -f "$here"/.build/legday_*.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$output" >/dev/null
echo "$output"
