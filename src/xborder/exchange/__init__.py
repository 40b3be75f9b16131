"""Signed exchange between bureaus: keys (JWK sets per country), envelopes, evidences."""
