"""Transparency-log core: RFC 6962 Merkle trees and signed C2SP checkpoints, free of I/O."""
