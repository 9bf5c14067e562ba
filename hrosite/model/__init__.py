"""Typed models of the office's content: one module per kind, each with its own checks."""
