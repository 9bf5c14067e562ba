"""Maintenance tools that produce committed artefacts (e.g. the sample forms)."""
