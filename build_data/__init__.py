"""osce-data: OSCE meeting journals as open data."""

__version__ = "0.1.0"
