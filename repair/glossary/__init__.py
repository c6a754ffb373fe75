"""The glossary: schema and loading, lint, editing, and the compiled matcher."""
