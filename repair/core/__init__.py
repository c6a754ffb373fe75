"""Core value types and text handling: models, document, io, fixes, results, errors."""
