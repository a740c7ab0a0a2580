"""Helpers that draw crybot's original art set with Pillow."""
