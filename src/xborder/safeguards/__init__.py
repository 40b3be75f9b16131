"""Safeguards against abusive requests: the facts and mechanisms the compliance checks use
beyond the request itself. Pure: sourced country data (with provenance), the charge-pattern
catalogue matched in several languages, plausibility checks, profile kinds and the queue
score. The rules that turn them into findings live in `notices.rules`; the service modules
gather the inputs from the store."""
