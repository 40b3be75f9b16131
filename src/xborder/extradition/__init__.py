"""Extradition and mutual legal assistance between states over the secure channel."""
