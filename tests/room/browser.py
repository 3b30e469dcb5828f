"""Debian's chromium, headless, driven by Selenium through Debian's chromium-driver.

Locally the browser tests skip, saying why, when chromium or its driver is missing; under CI
(CI=true) they fail instead, so a CI machine without them can never pass by skipping.
`.ci/run` installs both (apt-get install chromium chromium-driver) when they are missing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def need_browser() -> None:
    """Skip (or, under CI, fail) when chromium or chromedriver is not installed."""
    missing = [p for p in (CHROMIUM, DRIVER) if not Path(p).exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    if missing:
        why = (
            f"browser tests need {', '.join(missing)} "
            "(apt-get install chromium chromium-driver; .ci/run installs them)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(why)
        pytest.skip(why)


class Browser:
    """One headless chromium with its own fresh profile; `page()` opens more windows."""

    def __init__(self, size: tuple[int, int] = (390, 844)) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="offsite-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self.profile}")
        options.add_argument(f"--window-size={size[0]},{size[1]}")
        self.driver = webdriver.Chrome(service=Service(DRIVER), options=options)
        self.driver.set_page_load_timeout(20)
        self.phone(size)

    def phone(self, size: tuple[int, int]) -> None:
        """Make the viewport exactly `size` CSS pixels, as a phone of that size shows it."""
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": True},
        )

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)
