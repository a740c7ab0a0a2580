"""The pictures of the set, grouped by character."""
