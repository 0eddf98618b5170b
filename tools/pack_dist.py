"""Assembles dist/ (shell + app + fonts) and prints each file's raw, gzip and brotli size.

Usage: pack_dist.py DIST_DIR SHELL_DIR APP_DIR FONTS_DIR
"""
import gzip
import os
import shutil
import subprocess
import sys


def copy_tree_files(source, dest, names=None):
    for name in sorted(names or os.listdir(source)):
        path = os.path.join(source, name)
        if os.path.isfile(path):
            shutil.copy2(path, os.path.join(dest, name))


def brotli_size(path):
    try:
        out = subprocess.run(["brotli", "-c", "-q", "11", path], capture_output=True, check=True)
        return len(out.stdout)
    except (OSError, subprocess.CalledProcessError):
        return None


def main():
    dist, shell_dir, app_dir, fonts_dir = sys.argv[1:5]
    os.makedirs(os.path.join(dist, "fonts"), exist_ok=True)
    copy_tree_files(shell_dir, dist)
    copy_tree_files(app_dir, dist, ["inbox.js", "inbox.wasm"])
    copy_tree_files(fonts_dir, os.path.join(dist, "fonts"))

    rows, totals = [], [0, 0, 0]
    for folder, _, files in sorted(os.walk(dist)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            raw = os.path.getsize(path)
            with open(path, "rb") as f:
                gz = len(gzip.compress(f.read(), 9))
            br = brotli_size(path) or 0
            rows.append((os.path.relpath(path, dist), raw, gz, br))
            totals = [totals[0] + raw, totals[1] + gz, totals[2] + br]
    print(f"dist/ sizes (bytes){'':19}{'raw':>10}{'gzip':>10}{'brotli':>10}")
    for rel, raw, gz, br in rows + [("total", *totals)]:
        print(f"  {rel:<36}{raw:>10}{gz:>10}{br:>10}")


if __name__ == "__main__":
    main()
