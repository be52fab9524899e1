"""site_builder: turns a folder of news articles into a static HTML digest."""

__version__ = "0.1.0"
