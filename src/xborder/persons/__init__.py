"""Persons: identity particulars, scoped by owning bureau and dissemination restrictions."""
