"""Persoonlijk dossier: contact details, school and class, schedule, focus subjects."""

import streamlit as st

from studytrack import clock, dossier, nl, ui


def contact_lines(name: str, phone: str | None, email: str | None) -> str:
    """'**Naam**  \\ntelefoon …  \\ne-mail …', escaped for Markdown."""
    lines = [f"**{ui.escape(name)}**"]
    if phone:
        lines.append(f"telefoon {ui.escape(phone)}")
    if email:
        lines.append(f"e-mail {ui.escape(email)}")
    return "  \n".join(lines)


con = ui.connection()
scope = ui.scope()
pupil = ui.pupil_header(con, scope)
today = clock.today()
found = dossier.dossier(con, scope, pupil.id, today)

st.subheader("Persoonlijk dossier")
left, right = st.columns(2, gap="large")
with left:
    st.markdown("##### Leerling")
    details = [contact_lines(found.name, found.phone, found.email)]
    if found.address:
        details.append(f"adres {ui.escape(found.address)}")
    if found.birth_date:
        details.append(f"geboren op {ui.escape(dossier.day_text(found.birth_date))}")
    st.markdown("  \n".join(details))

    st.markdown("##### School")
    school = [
        f"school {ui.escape(found.school or 'onbekend')}",
        f"klas {ui.escape(found.class_name or 'onbekend')}",
        f"vestiging {ui.escape(found.location)}",
        f"leerlingnummer {ui.escape(found.number)}",
    ]
    st.markdown("  \n".join(school))

    st.markdown("##### Ouders / verzorgers")
    if found.parents:
        for parent in found.parents:
            st.markdown(contact_lines(parent.name, parent.phone, parent.email))
    else:
        st.caption("Er zijn nog geen ouders of verzorgers gekoppeld.")

with right:
    st.markdown("##### Aanwezigheid")
    if found.schedule:
        lines = []
        for line in found.schedule:
            text = f"{line.weekday_name}: verwacht om {nl.clock_time(line.expected_at)}"
            if period := line.period_text(today):
                text += f" ({period})"
            lines.append(f"- {ui.escape(text)}")
        st.markdown("\n".join(lines))
    else:
        st.caption("Er is nog geen rooster ingevoerd.")

    st.markdown("##### Aandachtsvakken")
    if found.focus_subjects:
        st.markdown(
            "\n".join(f"- {ui.escape(subject)}" for subject in found.focus_subjects)
        )
    else:
        st.caption("Geen aandachtsvakken opgegeven.")

    st.markdown("##### Mentor")
    if found.mentors:
        for mentor in found.mentors:
            st.markdown(contact_lines(mentor.name, mentor.phone, mentor.email))
    else:
        st.caption("Er is (nog) geen mentor gekoppeld.")
