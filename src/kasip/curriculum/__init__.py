"""Curriculum alignment: an educational programme's learning outcomes mapped to cards
(issue 14, item 3)."""
