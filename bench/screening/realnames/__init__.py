"""Real-name cross-script development set (see README.md)."""

from .load import load

__all__ = ["load"]
