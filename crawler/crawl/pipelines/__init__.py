"""Item pipelines, one responsibility each: clean -> normalize -> hash -> dedupe -> store."""
