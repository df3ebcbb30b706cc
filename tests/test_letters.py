"""The credentials letter: a PDF page per new account with login, password and link."""

import io
import logging

import pytest
from pypdf import PdfReader

from studytrack import letters
from studytrack.errors import InvalidInput

LETTERS = [
    ("Ingrid van der Berg", "ouder1", "k7mq-p3xa-92ht"),
    ("Chloë Ïsbrandt-Noël", "ouder2", "abcd-efgh-jkmn"),
]


def pages_of(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_one_page_per_account_with_name_login_password_and_link():
    pdf = letters.credentials_pdf(
        "Huiswerkinstituut De Leerboom", "https://leerboom.example/studytrack", LETTERS
    )

    assert pdf.startswith(b"%PDF")
    first, second = pages_of(pdf)
    assert "Huiswerkinstituut De Leerboom" in first
    assert "Beste Ingrid van der Berg," in first
    assert "ouder1" in first and "k7mq-p3xa-92ht" in first
    assert "https://leerboom.example/studytrack" in first
    assert "Lukt het inloggen niet? Vraag dan aan het huiswerkinstituut" in first
    assert "donderdag 3 december 2026" in first
    assert "k7mq-p3xa-92ht" not in second


def test_accented_names_print_as_written():
    pdf = letters.credentials_pdf("Instituut Ëlan", "http://x", LETTERS[1:])

    (page,) = pages_of(pdf)
    assert "Beste Chloë Ïsbrandt-Noël," in page
    assert "Instituut Ëlan" in page


def test_password_is_not_logged(caplog):
    with caplog.at_level(logging.DEBUG):
        letters.credentials_pdf("Instituut", "http://x", LETTERS)
    assert "k7mq-p3xa-92ht" not in caplog.text
    assert "ouder1" not in caplog.text


def test_without_letters_a_dutch_message():
    with pytest.raises(InvalidInput, match="geen inloggegevens"):
        letters.credentials_pdf("Instituut", "http://x", [])


def test_without_dejavu_the_letter_still_prints(monkeypatch, tmp_path):
    monkeypatch.setattr(letters, "FONT_DIR", tmp_path)

    (page,) = pages_of(letters.credentials_pdf("Instituut", "http://x", LETTERS[1:]))

    assert "Beste Chloë Ïsbrandt-Noël," in page
    assert "abcd-efgh-jkmn" in page
