"""Thin adapters that carry the core to Discord, Slack and the browser playground."""
