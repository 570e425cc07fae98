"""The app's settings with the benchmark's URLconf: the bare Django yardstick view sits
beside every page of the app, served by the same server in the same process."""

from samhandling.settings import *  # noqa: F403

ROOT_URLCONF = "bench.pages.urls"

# The yardstick is bare Django: the page cache does not serve it.
SAMHANDLING_PAGE_CACHE_SKIP = (*SAMHANDLING_PAGE_CACHE_SKIP, "/bench/")  # noqa: F405
