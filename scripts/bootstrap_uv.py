"""Install the pinned uv into .tools/bin with nothing but the Python standard library.

Used by the Makefile when uv is not on PATH and `python3 -m venv` is unavailable (Debian
without python3-venv): fetches uv's wheel from PyPI, checks its SHA-256 against PyPI's
metadata and unpacks the binary.
"""

import hashlib
import io
import json
import platform
import stat
import sys
import urllib.request
import zipfile
from pathlib import Path


def wheel_matches(filename: str) -> bool:
    machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    if sys.platform.startswith("linux"):
        return "manylinux" in filename and arch in filename
    if sys.platform == "darwin":
        mac_arch = "arm64" if arch == "aarch64" else arch
        return "macosx" in filename and (mac_arch in filename or "universal2" in filename)
    return False


def main(version: str, target: Path) -> int:
    # PyPI's simple index in its JSON form (PEP 691) lists every file with its hash.
    request = urllib.request.Request(
        "https://pypi.org/simple/uv/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        files = json.load(answer)["files"]
    wheels = [
        f
        for f in files
        if f["filename"].startswith(f"uv-{version}-")
        and f["filename"].endswith(".whl")
        and wheel_matches(f["filename"])
    ]
    if not wheels:
        print(f"bootstrap_uv: no uv {version} wheel for this platform", file=sys.stderr)
        return 1
    wheel = wheels[0]
    with urllib.request.urlopen(wheel["url"], timeout=300) as answer:
        content = answer.read()
    if hashlib.sha256(content).hexdigest() != wheel["hashes"]["sha256"]:
        print("bootstrap_uv: checksum mismatch", file=sys.stderr)
        return 1
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        binary = next(n for n in archive.namelist() if n.endswith("/scripts/uv"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read(binary))
    target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    print(f"bootstrap_uv: installed uv {version} at {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
