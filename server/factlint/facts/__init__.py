"""The fact model: what a figure or a quotation *says*, independent of its wording.

Modules:
- `quote_change`: whether a draft's rendering of a corpus remark changes its meaning
  (numbers, negation, names, content nouns) or only its wording (synonyms, word order,
  another translation).
- `when`: the years and months that date a figure's own verb, and whether an article's
  dates are compatible with them, so a figure about "May 2023" is never compared with one
  about a November 2024 attack. (Relative words, "overnight", "on Sunday", are not resolved
  against an article's date yet.)

The checks (`checks/figure_conflict.py`, `checks/quote_altered.py`) stay thin: they ask
these modules whether two statements are about the same fact and whether they differ.
"""
