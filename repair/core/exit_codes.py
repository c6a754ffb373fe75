"""Exit codes of every subcommand, in one place (pinned by a test)."""

EXIT_CLEAN = 0  # nothing at or above --fail-on remains (or the command succeeded)
EXIT_FINDINGS = 1  # findings at or above --fail-on remain
EXIT_ERROR = 2  # usage, config or input error: nothing was written
EXIT_INTERRUPTED = 130  # Ctrl-C
