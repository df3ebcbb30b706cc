"""StudyTrack: sign-in, and the pages each role gets (st.navigation)."""

import logging
from datetime import datetime

import streamlit as st
import streamlit_authenticator as stauth

from studytrack import accounts, clock, config, ui
from studytrack.errors import StudyTrackError

logging.basicConfig(
    level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
)

# key: (file, title, icon, url path)
PAGES = {
    "agenda": ("pages/agenda.py", "Agenda", ":material/calendar_month:", "agenda"),
    "cijfers": ("pages/cijfers.py", "Cijfers", ":material/grade:", "cijfers"),
    "dossier": (
        "pages/dossier.py",
        "Persoonlijk dossier",
        ":material/badge:",
        "dossier",
    ),
    "logboek": ("pages/logboek.py", "Logboek", ":material/menu_book:", "logboek"),
    "rapportage": (
        "pages/rapportage.py",
        "Persoonlijke rapportage",
        ":material/summarize:",
        "rapportage",
    ),
    "vandaag": ("pages/vandaag.py", "Vandaag", ":material/how_to_reg:", "vandaag"),
    "huiswerk": ("pages/huiswerk.py", "Huiswerk", ":material/edit_note:", "huiswerk"),
    "cijfers_invoeren": (
        "pages/cijfers_invoeren.py",
        "Cijfers invoeren",
        ":material/edit:",
        "cijfers-invoeren",
    ),
    "notities": (
        "pages/notities.py",
        "Logboek schrijven",
        ":material/edit_document:",
        "notities",
    ),
    "trends": ("pages/trends.py", "Trends", ":material/trending_up:", "trends"),
    "importeren": ("pages/importeren.py", "Import", ":material/upload_file:", "import"),
    "beheer": ("pages/beheer.py", "Beheer", ":material/manage_accounts:", "beheer"),
    "account": ("pages/account.py", "Mijn account", ":material/key:", "account"),
}

PUPIL_PAGES = ["agenda", "cijfers", "dossier", "logboek", "rapportage"]
STAFF_DAY = ["vandaag", "huiswerk", "cijfers_invoeren", "notities"]
MENUS = {
    "ouder": {"Leerling": PUPIL_PAGES, "Account": ["account"]},
    "leerling": {"Leerling": PUPIL_PAGES, "Account": ["account"]},
    "mentor": {"Leerling": PUPIL_PAGES, "Mentor": ["trends"], "Account": ["account"]},
    "begeleider": {"Dag": STAFF_DAY, "Leerling": PUPIL_PAGES, "Account": ["account"]},
    "beheerder": {
        "Dag": STAFF_DAY,
        "Leerling": PUPIL_PAGES,
        "Instituut": ["trends", "importeren", "beheer"],
        "Account": ["account"],
    },
}


def make_page(key: str, default: bool = False, hidden: bool = False) -> st.Page:
    path, title, icon, url_path = PAGES[key]
    return st.Page(
        path,
        title=title,
        icon=icon,
        url_path=url_path,
        default=default,
        visibility="hidden" if hidden else "visible",
    )


@st.cache_resource
def cookie_key() -> str:
    return config.cookie_key()


def start_session(
    login: str, signed_in_at: datetime, cookie_expires: float = 0
) -> None:
    st.session_state["login"] = login
    st.session_state["cookie_expires"] = cookie_expires
    st.session_state["signed_in_at"] = signed_in_at
    st.session_state["username"] = login
    st.session_state["authentication_status"] = True
    st.session_state["logout"] = False


def end_session() -> None:
    login, expires = (
        st.session_state.get("login"),
        st.session_state.get("cookie_expires"),
    )
    if login and expires:
        accounts.revoke_cookie(ui.connection(), login, expires)
    for key in (
        "login",
        "signed_in_at",
        "cookie_expires",
        "scope",
        "username",
        ui.PUPIL_KEY,
    ):
        st.session_state.pop(key, None)
    st.session_state["authentication_status"] = None
    st.session_state["logout"] = True
    st.session_state["cookie_action"] = "delete"


def submit_sign_in() -> None:
    """Form callback: check the sign-in before the run, so the run starts signed in."""
    login = st.session_state.get("signin_login", "")
    password = st.session_state.get("signin_password", "")
    st.session_state["signin_password"] = ""
    if not login or not password:
        st.session_state["signin_message"] = "Vul je inlognaam en wachtwoord in."
        return
    result = accounts.sign_in(ui.connection(), login, password)
    if result.ok:
        start_session(result.login, clock.real_now())
        st.session_state["cookie_action"] = "set"
        st.session_state.pop("signin_message", None)
    else:
        st.session_state["signin_message"] = result.message


def current_session() -> tuple[str, bool] | None:
    """Return (login, must change password) for this session's valid sign-in, or None.

    Checked on every run, so a deactivated account or a changed password ends the
    session at its next page load.
    """
    login = st.session_state.get("login")
    if not login:
        return None
    must_change = accounts.session_check(
        ui.connection(), login, st.session_state["signed_in_at"]
    )
    if must_change is not None:
        return login, must_change
    end_session()
    st.session_state["signin_message"] = "Je sessie is beëindigd. Log opnieuw in."
    return None


def make_authenticator() -> stauth.Authenticate:
    """The cookie handling of streamlit-authenticator; made only in runs that need it.

    Signed-in reruns don't: they are the bulk of the traffic, and making it costs
    tens of milliseconds of server time per run.
    """
    return stauth.Authenticate(
        {"usernames": {}},
        config.COOKIE_NAME,
        cookie_key(),
        config.cookie_days(),
        auto_hash=False,
    )


def restore_from_cookie(authenticator: stauth.Authenticate) -> tuple[str, bool] | None:
    """Sign in again from a valid sign-in cookie (a reload, a new tab)."""
    token = authenticator.cookie_controller.get_cookie()
    if not token:
        return None
    issued = token["exp_date"] - config.cookie_days() * 86400
    issued_at = datetime.fromtimestamp(issued, clock.AMSTERDAM).replace(tzinfo=None)
    login = accounts.normalise_login(token["username"])
    con = ui.connection()
    must_change = accounts.session_check(con, login, issued_at)
    if must_change is None or accounts.cookie_revoked(con, login, token["exp_date"]):
        st.session_state["cookie_action"] = "delete"
        return None
    start_session(login, issued_at, token["exp_date"])
    return login, must_change


def show_sign_in_form() -> None:
    left, middle, right = st.columns([1, 2, 1])
    with middle:
        st.title(ui.institute_name())
        st.caption("StudyTrack — inloggen")
        if message := st.session_state.get("signin_message"):
            st.error(message)
        with st.form("signin", clear_on_submit=False):
            st.text_input("Inlognaam", key="signin_login", autocomplete="username")
            st.text_input(
                "Wachtwoord",
                type="password",
                key="signin_password",
                autocomplete="current-password",
            )
            st.form_submit_button("Inloggen", type="primary", on_click=submit_sign_in)
        st.caption(
            "Lukt het inloggen niet? Vraag het huiswerkinstituut om een nieuw "
            "wachtwoord of een nieuwe inlognaam."
        )


def apply_cookie_action(authenticator: stauth.Authenticate) -> None:
    """Set or delete the sign-in cookie through the cookie component.

    The action stays pending until a run completes (see main): a run cut short by
    st.switch_page or st.rerun would drop the component before the browser ran it.
    """
    action = st.session_state.get("cookie_action")
    if action == "set":
        # One token per sign-in, however often the action is repeated: its expiry
        # identifies it, so signing out revokes exactly the cookie the browser has.
        cookie = authenticator.cookie_controller.cookie_model
        if not st.session_state.get("cookie_expires"):
            st.session_state["cookie_expires"] = cookie._set_exp_date()
        cookie.exp_date = st.session_state["cookie_expires"]
        cookie.cookie_manager.set(
            cookie.cookie_name,
            cookie._token_encode(),
            expires_at=datetime.fromtimestamp(cookie.exp_date),
        )
    elif action == "delete":
        authenticator.cookie_controller.delete_cookie()


def show_sidebar(scope) -> None:
    viewer = scope.viewer
    with st.sidebar:
        st.markdown(f"**{ui.escape(viewer.name)}**  \n{viewer.role}")
        st.button(
            "Uitloggen", on_click=end_session, key="signout", icon=":material/logout:"
        )


def main() -> None:
    st.set_page_config(
        page_title="StudyTrack", page_icon=":material/school:", layout="wide"
    )
    try:
        con = ui.connection()
    except StudyTrackError as error:
        st.error(str(error))
        st.stop()
    session = current_session()
    if session is None or "cookie_action" in st.session_state:
        authenticator = make_authenticator()
        session = session or restore_from_cookie(authenticator)
        apply_cookie_action(authenticator)
    if session is None:
        # Every page stays registered (hidden), so a reload on a sub-page keeps its
        # address while the sign-in is restored; none of them runs signed out.
        # The sign-in page is the default: after signing in at "/" each role lands
        # on its own first page, not on a page that happened to be the default here.
        signin = st.Page(
            show_sign_in_form, title="Inloggen", url_path="inloggen", default=True
        )
        st.navigation(
            [signin] + [make_page(key, hidden=True) for key in PAGES], position="hidden"
        )
        st.session_state.pop("scope", None)
        show_sign_in_form()
        st.session_state.pop("cookie_action", None)
        return
    login, must_change = session
    scope = ui.viewer_scope(con, login)
    if scope is None:
        end_session()
        st.rerun()
    st.session_state["scope"] = scope
    if must_change:
        page = st.navigation([make_page("account", default=True)], position="hidden")
        show_sidebar(scope)
        st.warning(
            "Je bent ingelogd met een eenmalig wachtwoord. Kies eerst een eigen wachtwoord."
        )
        page.run()
        st.session_state.pop("cookie_action", None)
        return
    menu = MENUS[scope.viewer.role]
    sections = {
        section: [make_page(key) for key in keys] for section, keys in menu.items()
    }
    first = next(iter(sections.values()))[0]
    # "/" is a hidden start page that moves on to the role's first page, so every
    # screen keeps its own address (/agenda, /vandaag) for every role and a
    # bookmark or a reload always finds it.
    start = st.Page(
        lambda: st.switch_page(first),
        title="Start",
        url_path="start",
        default=True,
        visibility="hidden",
    )
    page = st.navigation({"": [start], **sections}, position="sidebar", expanded=True)
    show_sidebar(scope)
    page.run()
    st.session_state.pop("cookie_action", None)


main()
