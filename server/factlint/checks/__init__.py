"""Every built-in check, one module each; importing this package registers them.

Add a check: write `checks/<snake_case_code>.py` with its docstring (what it
flags, why, example, corrected text, when the fix is unsafe, options) and a
function decorated with `factlint.registry.register`, then import it here.
"""

from . import figure_conflict  # noqa: E402,F401
from . import quote_misattributed  # noqa: E402,F401
from . import quote_altered  # noqa: E402,F401
from . import figure_part_exceeds_whole  # noqa: E402,F401
