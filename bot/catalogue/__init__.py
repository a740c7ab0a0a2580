"""The memes.yaml catalogue: its model, its loader and its watcher."""
