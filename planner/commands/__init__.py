"""One module per command: each does the command's work and returns its exit code."""
