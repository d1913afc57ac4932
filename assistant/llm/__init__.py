"""Generative backends for open questions (answers still go through the figure and name verifier)."""
