"""Review without a UI: the session state machine, its journal, and saving decisions."""
