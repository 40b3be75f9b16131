"""HTTP interface: JSON API under /api/v1, RFC 9457 problems, OpenAPI at /openapi.json."""
