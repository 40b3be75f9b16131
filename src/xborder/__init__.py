"""xborder: international police cooperation with the safeguards built into the machinery."""

__version__ = "0.1.0"
