"""The two kinds of error crybot tells apart: ones meant for a person, and everything else."""

from __future__ import annotations


class UserError(Exception):
    """A mistake the user can fix; its text is shown to them as it is."""


class StartupError(Exception):
    """A fatal start-up problem (a missing or rejected token); the CLI prints it on one line."""


class CatalogueError(Exception):
    """A catalogue that cannot be used; carries every problem found, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class StoreUnavailable(Exception):
    """The shared store cannot be reached right now (Redis down, a network split); the core fails closed."""
