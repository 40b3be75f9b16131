"""Adapter: SQLAlchemy 2 persistence (SQLite by default, PostgreSQL in production).

No dialect-specific SQL lives outside this package.
"""
