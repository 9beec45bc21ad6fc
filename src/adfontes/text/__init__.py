"""Text-level tools: normalisation for matching, sentences, language identification."""


def shorten(text: str, width: int) -> str:
    """``text`` on one line (runs of white space as one space), cut to ``width`` characters
    with an ellipsis when longer."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
