"""The URL of a build artifact, shared by the deck spec and the per-kind layer modules."""

from __future__ import annotations

__all__ = ["artifact_url"]


def artifact_url(base: str, name: str) -> str:
    """The URL of the artifact ``name`` under the prefix ``base`` (``/artifacts/<hash>``)."""
    return f"{base.rstrip('/')}/{name}"
