#!/usr/bin/env bash
# make install / make uninstall: legday's files under $DESTDIR$PREFIX, in the places a Linux system looks.
#   install.sh DIST        DIST holds the release binary and its data folder (make release writes .build/dist)
#   install.sh --uninstall removes exactly what the last install wrote (it keeps a list of it)
# PREFIX under $HOME (the default for a user: ~/.local) installs for that user: the unit in
# ~/.local/share/systemd/user and the plugins in ~/.local/share/legday/plugins, where systemd and legday look
# for a user. Any other PREFIX (/usr/local as root, /usr for the Debian package) uses lib/systemd/user and
# lib/legday/plugins.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
prefix=${PREFIX:?PREFIX is not set}
destdir=${DESTDIR:-}
root=$destdir$prefix
case "$prefix/" in
  "$HOME"/*) unit_dir=share/systemd/user; plugin_dir=share/legday/plugins ;;
  *) unit_dir=lib/systemd/user; plugin_dir=lib/legday/plugins ;;
esac
manifest=$root/share/legday/installed-files

if [ "${1:-}" = "--uninstall" ]; then
  [ -f "$manifest" ] || { echo "uninstall: nothing recorded in $manifest; nothing removed" >&2; exit 1; }
  # Files first, then the folders they were in, deepest first, each only when left empty.
  tac "$manifest" | while read -r path; do
    if [ -d "$destdir$path" ] && [ ! -L "$destdir$path" ]; then rmdir --ignore-fail-on-non-empty "$destdir$path"
    elif [ -e "$destdir$path" ] || [ -L "$destdir$path" ]; then rm -f "$destdir$path"; echo "removed $path"; fi
  done
  rm -f "$manifest"
  # The list's own folder, and share/ when that was all that kept it.
  rmdir --ignore-fail-on-non-empty "$root/share/legday" "$root/share" 2>/dev/null || true
  exit 0
fi

dist=${1:?usage: install.sh DIST | --uninstall}
[ -x "$dist/legday" ] || { echo "install: $dist/legday is missing: run make release" >&2; exit 1; }
recorded=()
record() { recorded+=("$1"); }
put() {  # put MODE SOURCE DESTINATION (relative to PREFIX)
  install -D -m "$1" "$2" "$root/$3"; record "$prefix/$3"
}
put 0755 "$dist/legday" bin/legday
# The unit starts the binary where this install put it.
sed "s|%h/.local/bin/legday|$prefix/bin/legday|g" "$here/systemd/legday.service" > "$dist/legday.service"
put 0644 "$dist/legday.service" "$unit_dir/legday.service"
for page in "$dist"/man/*.1 "$dist"/man/*.5; do
  [ -f "$page" ] || continue
  section=${page##*.}
  put 0644 "$page" "share/man/man$section/$(basename "$page")"
done
[ -f "$dist/completions/legday.bash" ] && put 0644 "$dist/completions/legday.bash" share/bash-completion/completions/legday
[ -f "$dist/completions/_legday" ] && put 0644 "$dist/completions/_legday" share/zsh/site-functions/_legday
[ -f "$dist/completions/legday.fish" ] && put 0644 "$dist/completions/legday.fish" share/fish/vendor_completions.d/legday.fish
for plugin in "$here"/plugins/*/legday-notify-*; do
  put 0755 "$plugin" "$plugin_dir/$(basename "$plugin")"
done
for doc in etc/config.toml etc/plan.ics README.md; do
  put 0644 "$here/$doc" "share/doc/legday/$(basename "$doc")"
done
# Folders this install made, so uninstall can remove them again when they are empty.
mkdir -p "$(dirname "$manifest")"
# Folders first, shortest first, then files: read backwards, uninstall meets the files before their folders.
{
  for path in "${recorded[@]}"; do
    dir=$(dirname "$path")
    while [ "$dir" != "$prefix" ] && [ "$dir" != "/" ]; do echo "$dir"; dir=$(dirname "$dir"); done
  done | sort -u | awk '{ print length, $0 }' | sort -n | cut -d' ' -f2-
  printf '%s\n' "${recorded[@]}"
} > "$manifest"
echo "installed ${#recorded[@]} files under $root (list: $manifest)"
case ":$PATH:" in *":$prefix/bin:"*) ;; *)
  echo "note: $prefix/bin is not on your PATH; add it, e.g. in ~/.profile:"
  echo "  export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
