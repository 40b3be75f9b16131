"""What the public may see: extracts of published notices (only where the requesting bureau
consented) and the transparency statistics."""
