"""Quality gates: each module returns a list of Finding and never prints (DESIGN.md: gates are code)."""
