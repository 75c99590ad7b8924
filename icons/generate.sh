#!/usr/bin/env bash
# Regenerates the PNG, .ico and .icns files from outpost.svg. Needs Debian's librsvg2-bin (rsvg-convert),
# icoutils (icotool) and icnsutils (png2icns). The generated files are committed, so builds do not run this.
set -euo pipefail
cd "$(dirname "$0")"

for tool in rsvg-convert icotool png2icns; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is missing. Install it with: apt-get install librsvg2-bin icoutils icnsutils" >&2
        exit 1
    fi
done

mkdir -p linux windows macos
rsvg-convert -w 1024 -h 1024 outpost.svg -o outpost-1024.png
for size in 16 24 32 48 64 128 256 512; do
    rsvg-convert -w "$size" -h "$size" outpost.svg -o "linux/outpost-$size.png"
done

# --raw stores the 256 px image as PNG inside the .ico, the form Windows uses for its largest icon size.
icotool --create --output windows/outpost.ico \
    linux/outpost-16.png linux/outpost-24.png linux/outpost-32.png linux/outpost-48.png \
    linux/outpost-64.png linux/outpost-128.png --raw=linux/outpost-256.png

png2icns macos/outpost.icns linux/outpost-16.png linux/outpost-32.png linux/outpost-48.png \
    linux/outpost-128.png linux/outpost-256.png linux/outpost-512.png >/dev/null
