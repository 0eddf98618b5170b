"""Subsets the fonts listed in assets/fonts.txt from their Debian packages into OUT_DIR.

Usage: build_fonts.py RECIPE OUT_DIR
Writes OUT_DIR/manifest.json (the file names the shell loads into the app's virtual file system).
"""
import json
import os
import subprocess
import sys

from fontTools import subset


def package_file(package, name):
    listing = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, check=False)
    for line in listing.stdout.splitlines():
        if os.path.basename(line) == name:
            return line
    sys.exit(f"build_fonts: {name} not found in Debian package {package} (run tools/setup)")


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
