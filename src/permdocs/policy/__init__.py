"""What the rules say: document registry, named conditions, rules, calendar, council profiles."""
