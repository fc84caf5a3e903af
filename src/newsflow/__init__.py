"""newsflow: follow partner newsrooms in Finnish, Swedish and English; archive, tag, translate, browse.

The small public API lives in the stage modules:
``newsflow.extract.extract``, ``newsflow.language.detect``, ``newsflow.tagging.tag_text``.
"""

__version__ = "0.1.0"
