"""Bumpwise."""
