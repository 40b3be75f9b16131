"""Notices and diffusions: requests, the compliance checks, the review, the lifecycle, flags
and hits (REFERENCE.md §1-§2)."""
