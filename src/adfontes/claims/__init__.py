"""Claims: the checkable assertions of each sentence, the evidence for and against them in other
sources, counted by independent origin, and the conflicts between sources."""
