"""Audit: the events every change writes and the access log every person read writes."""
