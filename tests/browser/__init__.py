"""Browser tests: the built sample site in Debian chromium (playwright), axe-core and vnu."""
