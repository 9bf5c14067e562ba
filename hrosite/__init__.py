"""hrosite: compile a household registration office's sources into an accessible zh-TW website."""

__version__ = "0.1.0"
