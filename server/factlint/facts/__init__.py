"""The fact model: what a figure or a quotation *says*, independent of its wording.

Modules:
- `quote_change`: whether a draft's rendering of a corpus remark changes its meaning
  (numbers, negation, names, content nouns) or only its wording (synonyms, word order,
  another translation).
- `when`: time expressions of a sentence resolved against the article's own date, so a
  figure about "May 2023" is never compared with one about a November 2024 attack.

The checks (`checks/figure_conflict.py`, `checks/quote_altered.py`) stay thin: they ask
these modules whether two statements are about the same fact and whether they differ.
"""
