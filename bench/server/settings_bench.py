"""Settings for load benchmarks: the production settings plus a benchmark-only URL configuration."""

from perspectives.config.settings.base import *  # noqa: F403

ROOT_URLCONF = "urls_bench"
