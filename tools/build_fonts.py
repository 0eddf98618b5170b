"""Subsets the fonts listed in assets/fonts.txt from their Debian packages into OUT_DIR.

Usage: build_fonts.py RECIPE OUT_DIR
Writes OUT_DIR/manifest.json (the file names the shell loads into the app's virtual file system).
A ranges field "@path/to/header.h" (relative to the repository) keeps the code points listed as
0xF... hex numbers in that header: the icon font ships only the icons the app draws.
"""
import json
import os
import re
import subprocess
import sys

from fontTools import subset


def package_file(package, name):
    listing = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, check=False)
    for line in listing.stdout.splitlines():
        if os.path.basename(line) == name:
            return line
    sys.exit(f"build_fonts: {name} not found in Debian package {package} (run tools/setup)")


def ranges_from_header(recipe, field):
    header = os.path.join(os.path.dirname(os.path.abspath(recipe)), "..", field[1:])
    with open(header, encoding="utf-8") as f:
        points = sorted(set(p.upper() for p in re.findall(r"\b0x([0-9A-Fa-f]{4,5})\b", f.read())), key=lambda p: int(p, 16))
    if not points:
        sys.exit(f"build_fonts: no code points found in {header}")
    return ",".join("U+" + p for p in points)


def main():
    recipe, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    names = []
    with open(recipe, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            package, source, output, ranges = line.split()
            if ranges.startswith("@"):
                ranges = ranges_from_header(recipe, ranges)
            options = subset.Options()
            # ImGui rasterizes plain glyphs: no shaping tables, no hinting.
            options.layout_features = []
            options.hinting = False
            options.ignore_missing_unicodes = True
            options.drop_tables += ["FFTM"]  # a FontForge timestamp nobody reads
            options.notdef_outline = True
            font = subset.load_font(package_file(package, source), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=subset.parse_unicodes(ranges))
            subsetter.subset(font)
            subset.save_font(font, os.path.join(out_dir, output), options)
            names.append(output)
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(names, f)


if __name__ == "__main__":
    main()
