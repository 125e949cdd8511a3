"""One module per command: the command's work, called by the click stanza in planner/cli.py."""
