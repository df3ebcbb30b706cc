"""Beheer (beheerder only): accounts, new accounts with their credentials, pupils, locations."""

from datetime import date

import pandas as pd
import streamlit as st

from studytrack import admin, clock, db, letters, nl, ui
from studytrack.errors import StudyTrackError

ACCOUNTS = "Accounts"
NEW_ACCOUNT = "Nieuw account"
PUPILS = "Leerlingen"
LOCATIONS = "Vestigingen"
ALL_ROLES = "Alle rollen"

scope = ui.scope_for_roles({"beheerder"}, "Beheer is alleen voor de beheerder.")
con = ui.connection()


def guarded(action, *args, done: str | None = None, **kwargs):
    """Run an admin action; show its Dutch refusal, or a short confirmation."""
    try:
        result = action(con, scope, *args, **kwargs)
    except StudyTrackError as error:
        st.error(ui.escape(error))
        return None
    if done:
        st.session_state["admin_flash"] = done
    return True if result is None else result


def show_credentials(name: str, login: str, password: str, role: str) -> None:
    """The one-time password, shown once in this run only, with the letter for parents."""
    with st.container(border=True, key="credentials"):
        st.markdown(
            f":material/key: Inloggegevens voor **{ui.escape(name)}** — "
            "dit wachtwoord wordt maar één keer getoond."
        )
        st.code(f"Inlognaam: {login}\nEenmalig wachtwoord: {password}", language=None)
        if role in ("ouder", "leerling"):
            pdf = letters.credentials_pdf(
                db.setting(con, "institute_name"),
                db.setting(con, "app_url"),
                [(name, login, password)],
            )
            st.download_button(
                "Brief met inloggegevens (PDF)",
                data=pdf,
                file_name=f"inloggegevens-{login}.pdf",
                mime="application/pdf",
                icon=":material/download:",
                on_click="ignore",
            )


def pick_row(table: str, rows: str, picker: str) -> None:
    """Table callback: a clicked row becomes the one to edit below."""
    selected = st.session_state[table].selection.rows
    shown = st.session_state.get(rows, [])
    if selected and selected[0] < len(shown):
        st.session_state[picker] = shown[selected[0]]


def pupil_options() -> dict[int, str]:
    return {
        record.id: f"{record.name} ({record.fields.number}, {record.location})"
        + ("" if record.active else " — niet actief")
        for record in admin.pupils(con, scope)
    }


def location_options() -> dict[int, str]:
    return {place.id: place.name for place in admin.locations(con, scope)}


# --- accounts --------------------------------------------------------------------------


def accounts_section() -> None:
    with st.container(horizontal=True, vertical_alignment="bottom"):
        role = st.selectbox(
            "Rol",
            (ALL_ROLES, *admin.ROLE_LABELS),
            format_func=lambda key: admin.ROLE_LABELS.get(key, key),
            key="admin_role_filter",
            width=200,
        )
        search = st.text_input(
            "Zoek",
            key="admin_account_search",
            placeholder="naam of inlognaam",
            width=260,
        )
    found = admin.accounts_list(con, scope, None if role == ALL_ROLES else role)
    search = search.strip().lower()
    found = [
        account
        for account in found
        if not search or search in account.login or search in account.name.lower()
    ]
    st.session_state["admin_account_rows"] = [account.login for account in found]
    st.dataframe(
        accounts_frame(found),
        hide_index=True,
        height=300,
        key="admin_account_table",
        on_select=lambda: pick_row(
            "admin_account_table", "admin_account_rows", "admin_account"
        ),
        selection_mode="single-row",
    )
    if not found:
        return
    by_login = {account.login: account for account in found}
    login = st.selectbox(
        "Account bewerken",
        list(by_login),
        format_func=lambda key: (
            f"{by_login[key].name} ({key}, {by_login[key].role_label})"
        ),
        key="admin_account",
    )
    account_panel(admin.account(con, scope, login))


def accounts_frame(found: list[admin.Account]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Inlognaam": [a.login for a in found],
            "Naam": [a.name for a in found],
            "Rol": [a.role_label for a in found],
            "Initialen": [a.initials or "" for a in found],
            "Vestigingen": [", ".join(a.locations) for a in found],
            "Leerlingen": [", ".join(name for _, name in a.pupils) for a in found],
            "Actief": [a.active for a in found],
            "Geblokkeerd": [a.locked for a in found],
        }
    )


def account_panel(account: admin.Account) -> None:
    state = [account.role_label, "actief" if account.active else "gedeactiveerd"]
    if account.locked:
        state.append("inloggen geblokkeerd na mislukte pogingen")
    if account.must_change_password:
        state.append("heeft nog een eenmalig wachtwoord")
    st.subheader(ui.escape(account.name))
    st.caption(" · ".join(state))
    account_actions(account)
    with st.form(f"account_details_{account.login}"):
        name = st.text_input("Naam", value=account.name)
        with st.container(horizontal=True):
            email = st.text_input("E-mail", value=account.email or "")
            phone = st.text_input("Telefoon", value=account.phone or "")
            initials = (
                st.text_input(
                    "Initialen", value=account.initials or "", max_chars=4, width=100
                )
                if account.role in ("begeleider", "beheerder")
                else None
            )
        if st.form_submit_button("Gegevens opslaan") and guarded(
            admin.update_account,
            account.login,
            name,
            email,
            phone,
            initials,
            done="Gegevens opgeslagen.",
        ):
            st.rerun()
    if account.role in admin.PUPIL_ROLES:
        link_pupils(account)
    if account.role in admin.LOCATION_ROLES:
        link_locations(account)


def account_actions(account: admin.Account) -> None:
    with st.container(horizontal=True):
        reset = st.button("Nieuw wachtwoord", icon=":material/key:", key="admin_reset")
        if account.active:
            deactivate = st.button(
                "Deactiveren", icon=":material/block:", key="admin_deactivate"
            )
            activate = False
        else:
            activate = st.button(
                "Activeren", icon=":material/check_circle:", key="admin_activate"
            )
            deactivate = False
        lift = account.locked and st.button(
            "Blokkade opheffen", icon=":material/lock_open:", key="admin_lift"
        )
    if reset:
        password = guarded(admin.reset_password, account.login)
        if password:
            show_credentials(account.name, account.login, password, account.role)
    if deactivate and guarded(admin.set_active, account.login, False):
        st.rerun()
    if activate and guarded(admin.set_active, account.login, True):
        st.rerun()
    if lift and guarded(admin.lift_lock, account.login):
        st.rerun()


def link_pupils(account: admin.Account) -> None:
    options = pupil_options()
    label = {
        "ouder": "Kinderen van deze ouder",
        "leerling": "Deze leerling",
        "mentor": "Leerlingen van deze mentor",
    }[account.role]
    with st.form(f"account_pupils_{account.login}"):
        chosen = st.multiselect(
            label,
            list(options),
            default=[pupil_id for pupil_id, _ in account.pupils if pupil_id in options],
            format_func=options.get,
            max_selections=1 if account.role == "leerling" else None,
            placeholder="Kies leerlingen",
        )
        if st.form_submit_button("Koppelingen opslaan"):
            if guarded(
                admin.set_account_pupils,
                account.login,
                chosen,
                done="Koppelingen opgeslagen.",
            ):
                st.rerun()


def link_locations(account: admin.Account) -> None:
    options = location_options()
    by_name = {name: location_id for location_id, name in options.items()}
    with st.form(f"account_locations_{account.login}"):
        chosen = st.multiselect(
            "Vestigingen waar deze begeleider werkt",
            list(options),
            default=[by_name[name] for name in account.locations if name in by_name],
            format_func=options.get,
        )
        if st.form_submit_button("Vestigingen opslaan"):
            if guarded(
                admin.set_account_locations,
                account.login,
                chosen,
                done="Vestigingen opgeslagen.",
            ):
                st.rerun()


def new_account_section() -> None:
    role = st.segmented_control(
        "Soort account",
        list(admin.ROLE_LABELS),
        format_func=admin.ROLE_LABELS.get,
        default="ouder",
        required=True,
        key="admin_new_role",
    )
    with st.form("new_account", clear_on_submit=True):
        with st.container(horizontal=True):
            login = st.text_input("Inlognaam", placeholder="bijvoorbeeld jansen.m")
            name = st.text_input("Naam", placeholder="Marieke Jansen")
        with st.container(horizontal=True):
            email = st.text_input("E-mail")
            phone = st.text_input("Telefoon")
            initials = (
                st.text_input("Initialen", max_chars=4, width=100)
                if role in ("begeleider", "beheerder")
                else None
            )
        pupil_ids, location_ids = [], []
        if role in admin.PUPIL_ROLES:
            options = pupil_options()
            pupil_ids = st.multiselect(
                "Leerlingen",
                list(options),
                format_func=options.get,
                max_selections=1 if role == "leerling" else None,
                placeholder="Kies de leerling(en) van dit account",
            )
        if role in admin.LOCATION_ROLES:
            options = location_options()
            location_ids = st.multiselect(
                "Vestigingen", list(options), format_func=options.get
            )
        submitted = st.form_submit_button("Account aanmaken", type="primary")
    if submitted:
        created = guarded(
            admin.create_account,
            login,
            role,
            name,
            email=email,
            phone=phone,
            initials=initials,
            pupil_ids=pupil_ids,
            location_ids=location_ids,
        )
        if created:
            st.success(f"Account '{ui.escape(created.login)}' aangemaakt.")
            show_credentials(
                created.name, created.login, created.one_time_password, created.role
            )


# --- pupils ----------------------------------------------------------------------------


def pupils_section() -> None:
    if new := st.session_state.pop("admin_new_pupil", None):
        # Show the pupil just added, ready for its schedule.
        st.session_state["admin_pupil_search"], st.session_state["admin_pupil"] = new
        st.session_state["admin_pupil_location"] = None
    places = location_options()
    if not places:
        st.info("Maak eerst een vestiging aan.")
        return
    with st.container(horizontal=True, vertical_alignment="bottom"):
        place = st.selectbox(
            "Vestiging",
            [None, *places],
            format_func=lambda key: "Alle vestigingen" if key is None else places[key],
            key="admin_pupil_location",
            width=220,
        )
        search = st.text_input(
            "Zoek",
            key="admin_pupil_search",
            placeholder="naam of leerlingnummer",
            width=260,
        )
    search = search.strip().lower()
    found = [
        record
        for record in admin.pupils(con, scope, place)
        if not search or search in record.name.lower() or search == record.fields.number
    ]
    st.session_state["admin_pupil_rows"] = [record.id for record in found]
    st.dataframe(
        pupils_frame(found),
        hide_index=True,
        height=300,
        key="admin_pupil_table",
        on_select=lambda: pick_row(
            "admin_pupil_table", "admin_pupil_rows", "admin_pupil"
        ),
        selection_mode="single-row",
    )
    with st.expander("Nieuwe leerling", icon=":material/person_add:"):
        pupil_form(None, places)
    if not found:
        return
    by_id = {record.id: record for record in found}
    pupil_id = st.selectbox(
        "Leerling bewerken",
        list(by_id),
        format_func=lambda key: f"{by_id[key].name} ({by_id[key].fields.number})",
        key="admin_pupil",
    )
    pupil_panel(admin.pupil(con, scope, pupil_id), places)


def pupils_frame(found: list[admin.PupilRecord]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Nummer": [r.fields.number for r in found],
            "Naam": [r.name for r in found],
            "Vestiging": [r.location for r in found],
            "School": [r.fields.school or "" for r in found],
            "Klas": [r.fields.class_name or "" for r in found],
            "Actief": [r.active for r in found],
        }
    )


def pupil_form(record: admin.PupilRecord | None, places: dict[int, str]) -> None:
    fields = record.fields if record else None
    key = record.id if record else "new"
    with st.form(f"pupil_form_{key}", clear_on_submit=record is None):
        with st.container(horizontal=True):
            number = st.text_input(
                "Leerlingnummer", value=fields.number if fields else "", width=160
            )
            location = st.selectbox(
                "Vestiging",
                list(places),
                index=list(places).index(fields.location_id) if fields else 0,
                format_func=places.get,
                width=200,
            )
        with st.container(horizontal=True):
            first = st.text_input("Voornaam", value=fields.first_name if fields else "")
            infix = st.text_input(
                "Tussenvoegsel", value=(fields.infix or "") if fields else "", width=130
            )
            last = st.text_input("Achternaam", value=fields.last_name if fields else "")
        with st.container(horizontal=True):
            school = st.text_input(
                "School", value=(fields.school or "") if fields else ""
            )
            class_name = st.text_input(
                "Klas", value=(fields.class_name or "") if fields else "", width=100
            )
            birth = st.date_input(
                "Geboortedatum",
                value=fields.birth_date if fields else None,
                min_value=date(1990, 1, 1),
                max_value=clock.today(),
                format="DD-MM-YYYY",
                width=160,
            )
        with st.container(horizontal=True):
            phone = st.text_input(
                "Telefoon", value=(fields.phone or "") if fields else ""
            )
            email = st.text_input(
                "E-mail", value=(fields.email or "") if fields else ""
            )
        address = st.text_input("Adres", value=(fields.address or "") if fields else "")
        focus = st.text_input(
            "Aandachtsvakken",
            value=(fields.focus_subjects or "") if fields else "",
            help="Met komma's ertussen, bijvoorbeeld: wiskunde, Frans",
        )
        submitted = st.form_submit_button(
            "Leerling opslaan" if record else "Leerling toevoegen", type="primary"
        )
    if submitted:
        new_fields = admin.PupilFields(
            number=number,
            first_name=first,
            last_name=last,
            location_id=location,
            infix=infix,
            school=school,
            class_name=class_name,
            birth_date=birth,
            phone=phone,
            email=email,
            address=address,
            focus_subjects=focus,
        )
        saved = guarded(
            admin.save_pupil,
            new_fields,
            record.id if record else None,
            done="Leerling opgeslagen."
            if record
            else "Leerling toegevoegd. Vul nu hieronder het rooster in: op welke "
            "dagen en hoe laat wordt de leerling verwacht?",
        )
        if saved:
            if record is None:
                st.session_state["admin_new_pupil"] = (new_fields.number.strip(), saved)
            st.rerun()


def pupil_panel(record: admin.PupilRecord, places: dict[int, str]) -> None:
    st.subheader(ui.escape(record.name))
    parents = ", ".join(
        f"{ui.escape(name)} ({ui.escape(login)})" for login, name in record.parents
    )
    st.caption(
        f"{'actief' if record.active else 'niet actief'} · ouders: {parents or 'geen'}"
    )
    label = "Deactiveren" if record.active else "Activeren"
    if st.button(label, key="admin_pupil_active"):
        if guarded(admin.set_pupil_active, record.id, not record.active):
            st.rerun()
    pupil_form(record, places)
    schedule_form(record)
    mentors_form(record)


def schedule_form(record: admin.PupilRecord) -> None:
    current = admin.schedule(con, scope, record.id)
    with st.form(f"schedule_{record.id}"):
        st.markdown(
            "**Rooster** — hoe laat wordt de leerling verwacht? Leeg: die dag niet."
        )
        typed = {}
        with st.container(horizontal=True):
            for weekday, name in admin.weekday_names(con):
                typed[weekday] = st.text_input(
                    name.capitalize(),
                    value=nl.clock_time(current.get(weekday)),
                    placeholder="—",
                    width=110,
                )
        start = st.date_input(
            "Geldig vanaf", value=clock.today(), format="DD-MM-YYYY", width=160
        )
        if st.form_submit_button("Rooster opslaan"):
            try:
                times = {
                    day: nl.parse_time(text) if text.strip() else None
                    for day, text in typed.items()
                }
            except StudyTrackError as error:
                st.error(ui.escape(error))
                return
            if guarded(admin.set_schedule, record.id, times, start) is False:
                st.info("Het rooster was al zo.")
            else:
                st.success("Rooster opgeslagen.")


def mentors_form(record: admin.PupilRecord) -> None:
    mentors = {
        account.login: account.name
        for account in admin.accounts_list(con, scope, "mentor")
        if account.active
    }
    with st.form(f"mentors_{record.id}"):
        chosen = st.multiselect(
            "Mentor(en)",
            list(mentors),
            default=[login for login, _ in record.mentors if login in mentors],
            format_func=mentors.get,
        )
        if st.form_submit_button("Mentoren opslaan") and guarded(
            admin.set_pupil_mentors, record.id, chosen, done="Mentoren opgeslagen."
        ):
            st.rerun()


# --- locations -------------------------------------------------------------------------


def locations_section() -> None:
    places = admin.locations(con, scope)
    st.dataframe(
        pd.DataFrame(
            {
                "Vestiging": [place.name for place in places],
                "Leerlingen": [place.pupils for place in places],
                "Begeleiders": [place.staff for place in places],
            }
        ),
        hide_index=True,
    )
    with st.form("new_location", clear_on_submit=True):
        name = st.text_input("Nieuwe vestiging", placeholder="bijvoorbeeld Noord")
        if st.form_submit_button("Vestiging toevoegen", type="primary"):
            if guarded(
                admin.add_location, name, done=f"Vestiging '{name}' toegevoegd."
            ):
                st.rerun()
    if places:
        by_id = {place.id: place.name for place in places}
        with st.form("rename_location"):
            with st.container(horizontal=True, vertical_alignment="bottom"):
                location_id = st.selectbox(
                    "Vestiging hernoemen", list(by_id), format_func=by_id.get
                )
                new_name = st.text_input("Nieuwe naam")
            if st.form_submit_button("Hernoemen"):
                if guarded(
                    admin.rename_location, location_id, new_name, done="Hernoemd."
                ):
                    st.rerun()


st.header("Beheer")
if flash := st.session_state.pop("admin_flash", None):
    st.success(ui.escape(flash), icon=":material/check:")
section = st.segmented_control(
    "Onderdeel",
    (ACCOUNTS, NEW_ACCOUNT, PUPILS, LOCATIONS),
    default=ACCOUNTS,
    required=True,
    key="admin_section",
    label_visibility="collapsed",
)
{
    ACCOUNTS: accounts_section,
    NEW_ACCOUNT: new_account_section,
    PUPILS: pupils_section,
    LOCATIONS: locations_section,
}[section]()
