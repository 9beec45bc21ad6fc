"""Text-level tools: normalisation for matching, sentences, language identification."""
