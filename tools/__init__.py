"""Developer tools that live beside the runtime package `hrosite` and are never imported by it."""
