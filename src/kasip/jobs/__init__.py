"""Job descriptions (лауазымдық нұсқаулық / должностная инструкция) built from a card.

The Labour Code sets qualification requirements on the basis of professional
standards; an HR department writes a card's duties, requirements and knowledge
into a job description. This package builds that document from the card's
data (issue 14, item 1).
"""
