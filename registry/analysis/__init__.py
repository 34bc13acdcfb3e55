"""Analysis: pure functions over query results. Never sees HTTP."""
