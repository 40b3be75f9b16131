"""Screening people by name, date of birth and nationality against notices and imported
lists: normalisation and variants, a candidate index, an explained score (issue #5)."""
