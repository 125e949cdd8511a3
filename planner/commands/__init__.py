"""One module per `planner` command: each reads its options, calls the library, prints, and
returns the exit code; `planner/cli.py` only declares the options (as MkDocs' `__main__.py` and
`mkdocs/commands/`)."""
