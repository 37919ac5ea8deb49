"""Loaded by Datasette from this folder (`--plugins-dir`), not imported by the package."""
