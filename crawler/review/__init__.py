"""Review: the review queue as people read it, export and feeds."""
