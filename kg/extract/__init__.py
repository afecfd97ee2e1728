"""Extraction stages: entity mentions and relations read off a parsed ``Doc``."""
