"""mt-repair: find and repair garbles in machine-translated transcripts and subtitles."""

__version__ = "0.1.0"
