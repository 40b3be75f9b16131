"""Shared kernel: the few value types every capability speaks (no I/O, no framework)."""
