"""Start the StudyTrack web app: `python -m studytrack.server [streamlit options]`.

The same as `streamlit run app.py`, except that Streamlit never treats the `pages/`
folder as its own page directory. app.py declares every page with st.navigation;
a plain `streamlit run` reads `pages/` that way until the first st.navigation call,
and the very first session after a start could then run a page file without
app.py's sign-in or lose its page on the next rerun.
"""

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from studytrack.config import ROOT


def main(argv: list[str]) -> None:
    """Run Streamlit on app.py with the given options."""
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
