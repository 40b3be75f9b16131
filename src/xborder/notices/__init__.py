"""Notices and diffusions: requests, the compliance checks, the review, the lifecycle, flags
and hits (docs/reference/notices.md, docs/reference/corrective-measures.md)."""
