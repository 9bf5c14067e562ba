"""Quality gates: each module returns a list of Finding and never prints (README.md "Conventions")."""
