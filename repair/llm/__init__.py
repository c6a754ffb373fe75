"""The LLM check's services: client, prompts, cache, batch files, verification, local model."""
