"""Reading contact files people really have: LinkedIn exports, phone vCards and home-made spreadsheets."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coaching.importing import MAX_IMPORT_BYTES, ImportedContact, ImportProblem, ImportResult, read_contacts

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> ImportResult:
    return read_contacts((FIXTURES / name).read_bytes(), name)


def by_name(result: ImportResult) -> dict[str, ImportedContact]:
    return {contact.name: contact for contact in result.contacts}


# LinkedIn


def test_linkedin_header_is_found_after_the_preamble() -> None:
    result = load("linkedin_connections.csv")
    assert result.format == "linkedin"
    assert [c.name for c in result.contacts] == [
        "Zoë Ångström",
        "Priya Shah",
        "Marcus O'Neil",
        "李 伟",
        "José García-Núñez",
    ]
    assert all(c.source == "linkedin" for c in result.contacts)


def test_linkedin_fields_one_by_one() -> None:
    contacts = by_name(load("linkedin_connections.csv"))
    zoe = contacts["Zoë Ångström"]
    assert zoe == ImportedContact(
        name="Zoë Ångström",
        company="Nordlys Data",
        role="Staff Engineer",
        url="https://www.linkedin.com/in/zoe-angstrom",
        met_on=date(2013, 9, 3),
        source="linkedin",
    )
    assert zoe.email == ""
    priya = contacts["Priya Shah"]
    assert priya.company == "Acme, Inc."
    assert priya.email == "priya@example.com"
    assert priya.met_on == date(2024, 1, 21)
    assert contacts["Marcus O'Neil"].role == 'Founder, "The Connector" newsletter'
    assert contacts["李 伟"].company == "深圳科技"


def test_linkedin_unreadable_date_keeps_the_contact() -> None:
    jose = by_name(load("linkedin_connections.csv"))["José García-Núñez"]
    assert jose.met_on is None
    assert jose.company == "Café Solo"


def test_linkedin_rows_without_names_are_skipped_with_a_reason() -> None:
    result = load("linkedin_connections.csv")
    assert len(result.skipped) == 1
    row, reason = result.skipped[0]
    # Notes:, the quoted paragraph, the blank line, the header, four people, then the nameless row.
    assert row == 8
    assert "no name" in reason


def test_linkedin_without_preamble_and_without_url_column() -> None:
    result = load("linkedin_no_preamble.csv")
    assert result.format == "linkedin"
    assert result.skipped == ()
    ada, grace = result.contacts
    assert (ada.name, ada.company, ada.role, ada.url, ada.met_on) == (
        "Ada Lovelace",
        "Analytical Engines",
        "Programmer",
        "",
        date(2015, 12, 10),
    )
    assert (grace.email, grace.company) == ("grace@example.com", "US Navy, Retired")


def test_linkedin_preamble_with_lf_line_endings_and_a_bom() -> None:
    data = (FIXTURES / "linkedin_connections.csv").read_bytes().replace(b"\r\n", b"\n")
    result = read_contacts(b"\xef\xbb\xbf" + data)
    assert result.contacts[0].name == "Zoë Ångström"
    assert len(result.contacts) == 5


def test_windows_1252_spreadsheet_is_read_as_text() -> None:
    data = "name,company\nZoë Ångström,Café “Solo”\n".encode("cp1252")
    (contact,) = read_contacts(data).contacts
    assert (contact.name, contact.company) == ("Zoë Ångström", "Café “Solo”")


def test_utf16_export_is_read() -> None:
    data = "name,company\nZoë,Acme\n".encode("utf-16")
    (contact,) = read_contacts(data).contacts
    assert (contact.name, contact.company) == ("Zoë", "Acme")


# vCard


def test_vcard_3_fields_one_by_one() -> None:
    result = load("contacts_v3.vcf")
    assert result.format == "vcard"
    zoe, priya, marcus, _ = result.contacts
    assert zoe == ImportedContact(
        name="Zoë Ångström",
        company="Nordlys Data, AS, Platform",
        role="Staff Engineer",
        email="zoe@nordlys.example",
        url="https://www.linkedin.com/in/zoe-angstrom",
        notes="Met at PyData Oslo; talked about streaming, Kafka and coffee.\nFollow up about the meetup.",
        tags=("pydata", "data eng"),
        source="vcard",
        phone="+47 400 00 000",
        other_emails=("zoe.home@example.com",),
    )
    assert (priya.name, priya.company, priya.role, priya.email) == (
        "Dr. Priya Shah",
        "Acme",
        "Head of ML Infra",
        "priya@example.com",
    )
    assert marcus.notes == 'Writes "The Connector" newsletter'
    assert marcus.url == "https://fieldand.co"


def test_vcard_without_a_name_is_named_after_its_email_so_the_email_is_not_lost() -> None:
    result = load("contacts_v3.vcf")
    assert result.skipped == ()
    assert (result.contacts[3].name, result.contacts[3].company) == ("who@example.com", "Mystery Corp")


def test_vcard_without_a_name_or_email_is_skipped() -> None:
    result = read_contacts(b"BEGIN:VCARD\nVERSION:3.0\nORG:Nobody Ltd\nEND:VCARD\n")
    assert result.skipped == ((1, "no name (the card has no FN, N or email)"),)


def test_vcard_4() -> None:
    result = load("contacts_v4.vcf")
    ngozi, kenji = result.contacts
    assert ngozi == ImportedContact(
        name="Ngozi Okafor",
        company="Lagos Fintech Hub",
        role="Community Lead",
        email="ngozi@example.org",
        url="https://example.org/ngozi",
        notes="Runs the monthly founders' breakfast.",
        tags=("fintech", "community"),
        source="vcard",
        phone="+234-800-000-0000",
    )
    assert (kenji.name, kenji.company, kenji.role) == ("Kenji Watanabe", "Kaizen Robotics", "CTO")


def test_a_broken_card_is_skipped_with_its_reason_and_the_rest_come_in() -> None:
    good = (FIXTURES / "contacts_v4.vcf").read_text(encoding="utf-8")
    broken = good + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half a card\r\nthis line is junk\r\nEND:VCARD\r\n"
    result = read_contacts((broken + good).encode())
    assert [c.name for c in result.contacts] == ["Ngozi Okafor", "Kenji Watanabe"] * 2
    ((number, reason),) = result.skipped
    assert number == 3
    assert re.fullmatch(r"couldn't be read: .*“this line is junk” \(the card starts on line 19\)", reason)


def test_an_unclosed_card_is_skipped_and_the_next_card_still_read() -> None:
    result = read_contacts(b"BEGIN:VCARD\nVERSION:3.0\nFN:Never closed\nBEGIN:VCARD\nFN:Ann\nEND:VCARD\n")
    assert [c.name for c in result.contacts] == ["Ann"]
    assert result.skipped == ((1, "it has no END:VCARD line (it starts on line 1)"),)
    last = read_contacts(b"BEGIN:VCARD\nVERSION:3.0\nFN:Never closed\n")
    assert last.contacts == () and "no END:VCARD" in last.skipped[0][1]


def test_vcf_name_without_vcard_content() -> None:
    with pytest.raises(ImportProblem, match="doesn't start with BEGIN:VCARD"):
        read_contacts(b"name\nAnn\n", "phone.vcf")


# Generic CSV


def test_generic_csv_with_aliased_headers() -> None:
    result = load("generic.csv")
    assert result.format == "csv"
    contacts = by_name(result)
    assert contacts["Sam Rivera"] == ImportedContact(
        name="Sam Rivera",
        company="Blue Harbor",
        role="CTO",
        email="sam@example.com",
        url="https://linkedin.com/in/samr",
        notes="Met at PyCon; wants intro to Dana",
        tags=("pycon", "cto"),
        met_on=date(2024, 5, 17),
        source="csv",
        phone="+1 555 0100",
    )
    dana = contacts["Dana Kim"]
    assert dana.company == "Kim, Lee & Partners"
    assert dana.notes == 'Said "call me" after the panel'
    assert dana.tags == ("investor", "climate")
    assert dana.met_on == date(2024, 5, 17)
    assert contacts["Lee Chen"].met_on == date(2024, 5, 17)
    assert contacts["Alex Moreau"].tags == ("design", "ux")
    assert contacts["Alex Moreau"].met_on == date(2023, 12, 31)
    assert result.skipped == ((4, "no name"),)


def test_semicolon_rows_are_checked_too() -> None:
    with pytest.raises(ImportProblem, match=r"^Row 2 has 3 fields .* containing a semicolon"):
        read_contacts(b"name;company\nAnn;Acme;Ltd\n")


def test_first_and_last_name_columns_and_semicolons() -> None:
    result = read_contacts(b"Vorname;First Name;Last Name;E-Mail\nx;Ana;Silva;ana@example.com\n")
    (ana,) = result.contacts
    assert (ana.name, ana.email) == ("Ana Silva", "ana@example.com")


def test_outlook_honorific_title_loses_to_job_title() -> None:
    data = (
        b"First Name,Last Name,Title,Company,Job Title,E-mail Address\nAnn,Lee,Dr.,Acme,CTO,ann@example.com\n"
    )
    (ann,) = read_contacts(data).contacts
    assert (ann.name, ann.role, ann.company, ann.email) == ("Ann Lee", "CTO", "Acme", "ann@example.com")


def test_google_contacts_headers() -> None:
    data = (
        b"Name,Given Name,Family Name,Organization 1 - Name,Organization 1 - Title,E-mail 1 - Value,"
        b"Phone 1 - Value\nAnn Lee,Ann,Lee,Acme,CTO,ann@example.com,+1 555 0100\n"
    )
    (ann,) = read_contacts(data).contacts
    assert (ann.name, ann.company, ann.role, ann.email, ann.phone) == (
        "Ann Lee",
        "Acme",
        "CTO",
        "ann@example.com",
        "+1 555 0100",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-29", date(2024, 2, 29)),
        ("2024-02-29T18:30:00+01:00", date(2024, 2, 29)),
        ("03 Sep 2013", date(2013, 9, 3)),
        ("September 3, 2013", date(2013, 9, 3)),
        ("13/02/2024", date(2024, 2, 13)),
        ("02/13/2024", date(2024, 2, 13)),
        ("03/04/2024", None),
        ("last Tuesday", None),
        ("", None),
    ],
)
def test_dates(text: str, expected: date | None) -> None:
    (contact,) = read_contacts(f'name,met on\nAnn,"{text}"\n'.encode()).contacts
    assert contact.met_on == expected


def test_header_without_a_name_column() -> None:
    with pytest.raises(ImportProblem, match="couldn't find a header row with a name column"):
        load("bad_columns.csv")


def test_row_with_too_many_fields_is_named() -> None:
    with pytest.raises(ImportProblem, match=r"^Row 4 has 5 fields but the header has 4"):
        load("malformed_rows.csv")


def test_row_with_too_few_fields_is_named() -> None:
    with pytest.raises(ImportProblem, match=r"^Row 3 has 1 field but the header has 2\.$"):
        read_contacts(b"name,company\nAnn,Acme\nBo\n")


def test_multi_line_row_names_row_and_line() -> None:
    data = b'name,notes\nAnn,"one\ntwo\nthree"\nBo,x,y\n'
    with pytest.raises(ImportProblem, match=r"^Row 3 \(line 5\) has 3 fields"):
        read_contacts(data)


def test_unclosed_quote_is_named() -> None:
    with pytest.raises(ImportProblem, match=r"^Row 3 opens a double quote that never closes"):
        read_contacts(b'name,company\nAnn,Acme\nBo,"Initech\nCy,Hooli\n')


def test_stray_quote_is_named() -> None:
    with pytest.raises(ImportProblem, match=r"^Row 2 has a stray double quote"):
        read_contacts(b'name,company\n"Ann" Lee,Acme\n')


def test_blank_lines_are_ignored() -> None:
    result = read_contacts(b"name\n\nAnn\n\n,\n")
    assert [c.name for c in result.contacts] == ["Ann"]
    assert result.skipped == ()


# Refusals


def test_empty_file() -> None:
    with pytest.raises(ImportProblem, match="empty"):
        read_contacts(b"  \n")


def test_fifty_megabytes_are_refused_by_size() -> None:
    data = b"a" * (50 * 1024 * 1024)
    with pytest.raises(ImportProblem) as caught:
        read_contacts(data)
    assert str(caught.value) == "The file is 50.0 MB; the limit is 5 MB."


def test_just_over_the_limit_does_not_claim_to_be_at_it() -> None:
    with pytest.raises(ImportProblem, match=r"5\.1 MB"):
        read_contacts(b"a" * (MAX_IMPORT_BYTES + 1))


def test_binary_is_refused() -> None:
    junk = bytes(range(256)) * 40
    with pytest.raises(ImportProblem, match=r"^This looks like a binary file, not CSV or vCard"):
        read_contacts(junk)


def test_spreadsheet_gets_a_save_as_csv_hint() -> None:
    xlsx_like = b"PK\x03\x04\x14\x00\x06\x00" + bytes(200)
    with pytest.raises(ImportProblem, match="save it as CSV"):
        read_contacts(xlsx_like, "contacts.xlsx")


def test_undecodable_control_bytes_are_binary() -> None:
    with pytest.raises(ImportProblem, match="binary"):
        read_contacts(b"name\n\xff\x01\x02\x03")


def test_imported_contact_needs_a_name() -> None:
    with pytest.raises(ValueError):
        ImportedContact(name="  ")


# Properties


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_only_ever_raise_import_problem(data: bytes) -> None:
    try:
        result = read_contacts(data)
    except ImportProblem as problem:
        assert str(problem)
    else:
        assert all(contact.name.strip() for contact in result.contacts)


PREFIXES = (
    "",
    "BEGIN:VCARD\n",
    "BEGIN:VCARD\nVERSION:3.0\nFN:",
    "name,company,tags,met on\n",
    "First Name,Last Name\n",
)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PREFIXES), st.text(max_size=500), st.sampled_from(("", "\nEND:VCARD\n")))
def test_random_text_only_ever_raises_import_problem(prefix: str, text: str, suffix: str) -> None:
    try:
        result = read_contacts((prefix + text + suffix).encode("utf-8", "surrogatepass"))
    except ImportProblem as problem:
        assert str(problem)
    else:
        assert all(contact.name.strip() for contact in result.contacts)
