"""Server-rendered pages (Jinja2), no build step, usable by keyboard and screen reader."""
