"""Gap analysis against a card and individual development plans (issue 14, item 2)."""
