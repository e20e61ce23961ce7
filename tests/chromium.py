"""Headless Chromium for tests: Debian's `chromium` package, installed on first use when missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_binary() -> str:
    """The chromium executable; installs Debian's package when it is missing and we may (root + apt)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env, timeout=900)
        found = shutil.which("chromium")
    if not found:
        pytest.fail("headless Chromium is needed for the dashboard test: apt-get install chromium (Debian)")
    return found


def run_chromium(binary: str, url: str, *args: str, timeout: int = 180, env: dict | None = None) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="plantrack-chromium-") as profile:
        return subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}", *args, url],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, **(env or {})},
        )


def without_cjk_fonts(folder: Path) -> dict:
    """Environment for a Chromium that sees no CJK font: fontconfig lists the DejaVu fonts only."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        "<dir>/usr/share/fonts/truetype/dejavu</dir>"
        f"<cachedir>{folder / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(config)}


def dump_dom(binary: str, html: Path, query: str = "", budget_ms: int = 20000, env: dict | None = None) -> str:
    """The page's DOM after its scripts ran (virtual time lets the charts finish drawing)."""
    done = run_chromium(
        binary,
        html.resolve().as_uri() + query,
        f"--virtual-time-budget={budget_ms}",
        "--window-size=1400,1000",
        "--dump-dom",
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
