"""Import (beheerder only): upload an export, see the preview and every problem, then
import it; the history of all imports; downloads of every kind in the same format."""

import pandas as pd
import streamlit as st

from studytrack import config, exporting, importing, ui
from studytrack.errors import StudyTrackError
from studytrack.importing import delivery

AUTOMATIC = "automatisch"
IMPORT, HISTORY, EXPORT = "Importeren", "Geschiedenis", "Exporteren"
PREVIEW_KEY = "import_preview"
RESULT_KEY = "import_result"
CREDENTIALS_KEY = "import_credentials"
UPLOADS_KEY = "import_uploads"
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

scope = ui.scope_for_roles({"beheerder"}, "Importeren is alleen voor de beheerder.")
con = ui.connection()


def kind_label(kind: str) -> str:
    if kind == AUTOMATIC:
        return "Herkennen aan de kolomnamen"
    return importing.KINDS[kind].label


def problems_frame(problems: list[importing.Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Regel": pd.array([p.line for p in problems], dtype="Int64"),
            "Kolom": [p.column or "" for p in problems],
            "Waarde": [p.value or "" for p in problems],
            "Probleem": [p.message for p in problems],
        }
    )


def contract_frame() -> pd.DataFrame:
    """The import contract as a table: kind, required and optional columns."""
    return pd.DataFrame(
        [
            {
                "Soort": kind.label,
                "Verplichte kolommen": ", ".join(kind.required),
                "Andere kolommen": ", ".join(
                    name for name in kind.names if name not in kind.required
                ),
            }
            for kind in importing.KINDS.values()
        ]
    )


def as_source(uploaded) -> importing.ImportFile:
    return importing.ImportFile(uploaded.name, uploaded.getvalue())


def checked(uploaded, kind: str | None, good_only: bool) -> importing.Outcome:
    """The dry run of an upload, once per file and choice (kept for this session)."""
    key = (uploaded.file_id, kind, good_only)
    kept = st.session_state.get(PREVIEW_KEY)
    if kept and kept[0] == key:
        return kept[1]
    source = as_source(uploaded)
    with st.spinner("Het bestand wordt gecontroleerd…"):
        outcome = importing.run(
            con, scope.viewer.login, source, kind, good_only, dry_run=True
        )
    st.session_state[PREVIEW_KEY] = (key, outcome)
    return outcome


def show_counts(outcome: importing.Outcome) -> None:
    with st.container(horizontal=True):
        st.metric("Rijen", outcome.rows, border=True)
        st.metric("Nieuw", outcome.inserted, border=True)
        st.metric("Gewijzigd", outcome.updated, border=True)
        st.metric("Ongewijzigd", outcome.unchanged, border=True)
        st.metric("Met problemen", outcome.rejected, border=True)


def show_problems(outcome: importing.Outcome) -> None:
    count = outcome.problem_count
    st.subheader(f"{count} {'probleem' if count == 1 else 'problemen'}")
    if count > len(outcome.problems):
        st.caption(
            f"De eerste {len(outcome.problems)} staan hieronder en in de download."
        )
    st.dataframe(
        problems_frame(outcome.problems),
        hide_index=True,
        height=min(420, 38 + 35 * len(outcome.problems)),
    )
    st.download_button(
        "Problemen downloaden (CSV)",
        data=delivery.problems_csv(outcome.problems),
        file_name=f"problemen-{outcome.file_name}.csv",
        mime=MIME["csv"],
        icon=":material/download:",
        on_click="ignore",
        key="import_problems_download",
    )


def commit(source, kind, good_only) -> None:
    """Import for real, with a progress bar; keep the result for the next run."""
    bar = st.progress(0.0, text="Bestand lezen")
    try:
        outcome = importing.run(
            con,
            scope.viewer.login,
            source,
            kind,
            good_only,
            progress=lambda fraction, text: bar.progress(min(fraction, 1.0), text=text),
        )
    except StudyTrackError as error:
        st.error(str(error))
        return
    st.session_state[RESULT_KEY] = (outcome.outcome, outcome.summary)
    if outcome.credentials:
        st.session_state[CREDENTIALS_KEY] = (
            delivery.credentials_csv(outcome.credentials),
            delivery.credentials_letters(con, outcome.credentials),
            len(outcome.credentials),
        )
    st.session_state.pop(PREVIEW_KEY, None)
    st.session_state[UPLOADS_KEY] = st.session_state.get(UPLOADS_KEY, 0) + 1
    st.rerun()


def show_result() -> None:
    result = st.session_state.pop(RESULT_KEY, None)
    if result:
        outcome, summary = result
        show = st.warning if outcome == importing.PARTIAL else st.success
        if outcome in (importing.REFUSED, importing.FAILED):
            show = st.error
        show(summary, icon=":material/task_alt:")
    credentials = st.session_state.get(CREDENTIALS_KEY)
    if credentials:
        table, letters, count = credentials
        with st.container(border=True, key="import_credentials_box"):
            st.markdown(
                f":material/key: **{count} nieuwe ouders** hebben een eenmalig "
                "wachtwoord. Download de brieven of de lijst nu: de wachtwoorden "
                "worden nergens bewaard en zijn straks niet meer op te vragen."
            )
            with st.container(horizontal=True):
                st.download_button(
                    "Brieven met inloggegevens (PDF)",
                    data=letters,
                    file_name="inloggegevens-ouders.pdf",
                    mime="application/pdf",
                    icon=":material/download:",
                    on_click="ignore",
                )
                st.download_button(
                    "Lijst met wachtwoorden (CSV)",
                    data=table,
                    file_name="wachtwoorden-ouders.csv",
                    mime=MIME["csv"],
                    icon=":material/download:",
                    on_click="ignore",
                )
                if st.button("Klaar, wachtwoorden vergeten", key="import_forget"):
                    st.session_state.pop(CREDENTIALS_KEY, None)
                    st.rerun()


def import_section() -> None:
    show_result()
    uploaded = st.file_uploader(
        "Bestand (CSV of XLSX)",
        key=f"import_file_{st.session_state.get(UPLOADS_KEY, 0)}",
        help="Een export uit Excel of een ander systeem. De eerste regel bevat de "
        "kolomnamen; `;`, `,` en tab als scheidingsteken, UTF-8 of Windows-1252.",
    )
    with st.container(horizontal=True, vertical_alignment="bottom"):
        kind = st.selectbox(
            "Soort gegevens",
            [AUTOMATIC, *importing.KINDS],
            format_func=kind_label,
            key="import_kind",
        )
        good_only = st.checkbox(
            "Alleen de goede rijen importeren",
            key="import_good_only",
            help="Rijen met een probleem worden overgeslagen; de rest wordt geïmporteerd.",
        )
    with st.expander("Welke kolommen horen bij welke soort?"):
        st.dataframe(contract_frame(), hide_index=True)
        st.caption(
            "Kolomnamen mogen in hoofd- of kleine letters en in elke volgorde staan; "
            "onbekende kolommen worden overgeslagen. Een lege cel laat wat er al staat "
            "ongemoeid; rijen die niet in het bestand staan, blijven bestaan."
        )
    if uploaded is None:
        st.info(
            "Kies een bestand. Je ziet eerst wat er zou veranderen en elk probleem "
            "met zijn regel; pas met de knop Importeren wordt het opgeslagen."
        )
        return
    chosen = None if kind == AUTOMATIC else kind
    outcome = checked(uploaded, chosen, good_only)

    found = (
        importing.KINDS[outcome.kind].label if outcome.kind in importing.KINDS else None
    )
    st.markdown(
        f"**{ui.escape(outcome.file_name)}**"
        + (f" — {ui.escape(found)}" if found else "")
    )
    if outcome.rows:
        show_counts(outcome)
    if outcome.unknown_columns:
        st.warning(
            "Onbekende kolommen, die worden overgeslagen: "
            + ", ".join(ui.escape(name) for name in outcome.unknown_columns),
            icon=":material/help:",
        )
    if outcome.problem_count:
        show_problems(outcome)
    if outcome.preview:
        st.subheader("Voorbeeld")
        st.dataframe(pd.DataFrame(outcome.preview).fillna(""), hide_index=True)
    can_commit = outcome.rows > outcome.rejected and (
        good_only or not outcome.problem_count
    )
    if outcome.problem_count and outcome.rows > outcome.rejected and not good_only:
        st.info(
            "Verbeter het bestand en kies het opnieuw, of vink 'Alleen de goede rijen "
            "importeren' aan om de rijen zonder probleem te importeren."
        )
    if st.button(
        "Importeren",
        type="primary",
        disabled=not can_commit,
        icon=":material/upload:",
        key="import_commit",
    ):
        commit(as_source(uploaded), chosen, good_only)


def history_section() -> None:
    shown = importing.history(con)
    if shown.empty:
        st.info("Er is nog niets geïmporteerd.")
        return
    st.dataframe(shown, hide_index=True)


@st.cache_data(ttl=60, show_spinner=False)
def export_sizes(
    _con, _scope, database: str, pupil_ids: tuple[int, ...]
) -> dict[str, int]:
    """Rows per kind, to know when a workbook would be too large (a minute old at most;
    cached per database and visible pupils)."""
    return {kind: exporting.row_count(_con, _scope, kind) for kind in importing.KINDS}


def export_section() -> None:
    st.caption(
        "In hetzelfde formaat als de import leest: `;`, decimale komma, datums als "
        "03-12-2026, UTF-8 zodat Excel het goed opent. Cellen die Excel als formule "
        "zou lezen, krijgen een ' ervoor."
    )
    sizes = export_sizes(con, scope, str(config.db_path()), tuple(scope.ids))
    for kind, contract in importing.KINDS.items():
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(
                f"**{contract.label}** · {sizes[kind]:,} rijen".replace(",", ".")
            )
            for file_format in ("csv", "xlsx"):
                too_big = (
                    file_format == "xlsx" and sizes[kind] > exporting.XLSX_MAX_ROWS
                )
                st.download_button(
                    file_format.upper(),
                    data=lambda kind=kind, file_format=file_format: exporting.export(
                        con, scope, kind, file_format
                    ),
                    file_name=exporting.file_name(kind, file_format),
                    mime=MIME[file_format],
                    icon=":material/download:",
                    on_click="ignore",
                    disabled=too_big,
                    help="Te groot voor een Excel-werkmap; kies CSV."
                    if too_big
                    else None,
                    key=f"export_{kind}_{file_format}",
                )


st.title("Import")
section = st.segmented_control(
    "Onderdeel",
    [IMPORT, HISTORY, EXPORT],
    default=IMPORT,
    key="import_section",
    label_visibility="collapsed",
)
if section == HISTORY:
    history_section()
elif section == EXPORT:
    export_section()
else:
    import_section()
