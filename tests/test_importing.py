"""Reading contact files people really have: LinkedIn exports, phone vCards and home-made spreadsheets."""

from __future__ import annotations

import base64
import csv
import io
import re
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coaching.data.reading import MAX_IMPORT_BYTES, ImportedContact, ImportProblem, ImportResult, read_contacts

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
        company="Nordlys Data, AS",
        role="Staff Engineer",
        email="zoe@nordlys.example",
        url="https://www.linkedin.com/in/zoe-angstrom",
        notes="Department: Platform\nMet at PyData Oslo; talked about streaming, Kafka and coffee.\nFollow up about the meetup.",
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


VCARD_PIECES = (
    "BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "VERSION:3.0", "FN:", "N:", "EMAIL;PREF:", "TEL;CELL:", "AGENT:",
    "=", "=\r\n", "\r\n", "\n", "\r", " ", "\t", ";", ":", ",", "\\", '"', "ENCODING=QUOTED-PRINTABLE",
    "CHARSET=SHIFT_JIS", "CHARSET=", "PHOTO;ENCODING=b:", "item1.", "=C3=91", "=ZZ", "ORG:", "URL:", "CATEGORIES:",
    'X-A;B="', "\x00", "é", "UID:", "X-COACH-MET-ON:", "ENCODING=b", "ENCODING=8BIT",
)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(VCARD_PIECES), max_size=60))
def test_vcard_shaped_junk_only_ever_raises_import_problem(pieces: list[str]) -> None:
    try:
        result = read_contacts(("BEGIN:VCARD\r\n" + "".join(pieces)).encode())
    except ImportProblem as problem:
        assert str(problem)
    else:
        assert all(contact.name.strip() for contact in result.contacts)


# Files that real apps wrote (tests/fixtures/real/SOURCES.md says where each comes from)

REAL = FIXTURES / "real"
JOHN_IBM = {"john.doe@ibm.com"}
# file: (cards or rows in it, exact names in order, every email it holds)
REAL_FILES: dict[str, tuple[int, list[str], set[str]]] = {
    "android.vcf": (
        6,
        ["john.doe@comapny.com", "jane.doe@company.com", "Ñ Ñ Ñ Ñ Ñ", "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", "Ñ Ñ Ñ Ñ", "ÑÑÑÑ"],
        {"john.doe@comapny.com", "jane.doe@company.com", "bob@company.com", "henry@company.com"},
    ),
    "evolution.vcf": (1, ["Mr. John Richter, James Doe Sr."], JOHN_IBM),
    "gmail.vcf": (1, ["Mr. John Richter, James Doe Sr."], JOHN_IBM),
    "gmail_list.vcf": (
        3,
        ["Arnold Smith", "Chris Beatle", "Doug White"],
        {"asmithk@gmail.com", "chrisy55d@yahoo.com", "dwhite@gmail.com"},
    ),
    "iphone_ios5.vcf": (1, ["Mr. John Richter James Doe Sr."], JOHN_IBM),
    "lotus_notes.vcf": (1, ["Mr. Doe John I Johny"], {"john.doe@ibm.com", "billy_bob@gmail.com"}),
    "mac_address_book.vcf": (1, ["Mr. John Richter,James Doe Sr."], JOHN_IBM),
    "mac_address_book_2_1.vcf": (1, ["Martin Smith"], {"martin.smith@rocket-partner.com"}),
    "outlook_2003_ezvcard.vcf": (1, ["John Doe III"], {"jdoe@hotmail.com"}),
    "outlook_2007_ezvcard.vcf": (1, ["Mr. Michael Angstadt Jr."], {"mike.angstadt@gmail.com"}),
    "thunderbird_dos.vcf": (1, ["Name Surname"], {"example@gmail.com"}),
    "thunderbird_morefunctions.vcf": (
        1,
        ["John Doe"],
        {"doe.john@hotmail.com", *(f"additional-email{n}@company.com" for n in ("", "1", "2", "3"))},
    ),
    "thunderbird_basic.csv": (2, ["John Doe", "Jane Doe"], {"john@doe.invalid", "jane@doe.invalid"}),
    "thunderbird_semicolon.csv": (2, ["John Doe", "Jane Doe"], {"john@doe.invalid", "jane@doe.invalid"}),
}
LINE_ENDINGS = {"lf": b"\n", "crlf": b"\r\n", "iphone": b"\r\r\n", "cr": b"\r"}


def emails_of(result: ImportResult) -> set[str]:
    return {email for c in result.contacts for email in (c.email, *c.other_emails) if email}


def entries_in(name: str, data: bytes) -> int:
    """Counted without our reader: BEGIN:VCARD lines, or CSV rows after the header."""
    if name.endswith(".vcf"):
        return len(re.findall(rb"(?:^|[\r\n])BEGIN:VCARD", data, re.IGNORECASE))
    text = data.decode("utf-8-sig")
    delimiter = ";" if ";" in text.splitlines()[0] else ","
    return sum(1 for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if any(row)) - 1


def test_every_real_file_is_listed_and_has_its_source_noted() -> None:
    files = {path.name for path in REAL.iterdir() if path.suffix in (".vcf", ".csv")}
    assert files == set(REAL_FILES)
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in sources for name in files)


@pytest.mark.parametrize("name", sorted(REAL_FILES))
@pytest.mark.parametrize("ending", sorted(LINE_ENDINGS))
def test_real_files_import_whole_with_every_email_and_name(name: str, ending: str) -> None:
    entries, names, emails = REAL_FILES[name]
    data = re.sub(rb"\r*\n|\r", LINE_ENDINGS[ending], (REAL / name).read_bytes())
    assert entries_in(name, data) == entries
    result = read_contacts(data, name)
    assert result.skipped == ()
    assert len(result.contacts) == entries
    assert [c.name for c in result.contacts] == names
    assert emails <= emails_of(result)  # Android's card 5 also has an EMAIL that is no address: kept, see below


def test_iphone_card_keeps_every_phone_and_skips_the_photo() -> None:
    (john,) = load("real/iphone_ios5.vcf").contacts
    assert (john.company, john.role, john.url) == ("IBM", "Money Counter", "http://www.ibm.com")
    assert john.notes == "Department: Accounting"
    assert john.phone == "905-555-1234"  # the one marked pref
    assert set(john.other_phones) == {f"905-{n}-1234" for n in (666, 777, 888, 999, 111, 222)}
    assert "/9j/" not in repr(john)


def test_thunderbird_card_keeps_four_extra_emails_four_extra_phones_and_the_second_link() -> None:
    (john,) = load("real/thunderbird_morefunctions.vcf").contacts
    assert john.email == "doe.john@hotmail.com"
    assert len(john.other_emails) == 4 and len(john.other_phones) == 4
    assert (john.url, john.other_urls) == ("http://www.private-webpage.com", ("http://www.work-webpage.com",))
    assert john.tags == ("category1", "category2", "category3")  # escaped commas, but a tag holds none
    assert john.notes.endswith('You can put anything in the "note" field; even curse words.')


def test_escaped_links_and_colons_are_unescaped_not_pushed_into_notes() -> None:
    (gmail,) = load("real/gmail.vcf").contacts
    assert gmail.url == "http://www.ibm.com"
    assert gmail.notes.endswith("\nFavotire Color: Blue") and "http" not in gmail.notes
    (mac,) = load("real/mac_address_book.vcf").contacts
    assert mac.notes.endswith("\nFavotire Color: Blue")


def test_lotus_notes_profile_lines_are_ignored() -> None:
    data = (REAL / "lotus_notes.vcf").read_bytes().replace(b"PROFILE:VCard\n", b"PROFILE:VCard\nPROFILE:VCard\n")
    (john,) = read_contacts(data).contacts
    assert (john.role, john.company, john.phone) == ("Generic Accountant", "IBM", "+1 (212) 204-34456")
    assert john.notes.startswith("Department: SUN")


def test_android_quoted_printable_with_soft_breaks_and_blank_line_ends() -> None:
    contacts = load("real/android.vcf").contacts
    assert contacts[3].other_phones == ("234567", "3456789", "45678901")
    assert contacts[4].company == "Ñ" * 12
    assert contacts[4].other_urls == ("http://www.company.com",)
    assert "=C3" not in repr(contacts)


def test_charset_parameter_decodes_shift_jis_names() -> None:
    card = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:山田;太郎;;;\r\nFN;CHARSET=SHIFT_JIS:山田太郎\r\n"
    card += "ORG;CHARSET=SHIFT_JIS:オープン株式会社\r\nTEL;WORK;VOICE:03-1234-5678\r\nEND:VCARD\r\n"
    (taro,) = read_contacts(card.encode("shift_jis")).contacts
    assert (taro.name, taro.company, taro.phone) == ("山田太郎", "オープン株式会社", "03-1234-5678")


def card(version: str, *lines: bytes) -> bytes:
    """One vCard with these content lines, CRLF-terminated as most apps write them."""
    return b"\r\n".join((b"BEGIN:VCARD", b"VERSION:" + version.encode(), *lines, b"END:VCARD", b""))


def test_quoted_printable_in_a_named_charset_and_grouped_properties() -> None:
    (jose,) = read_contacts(card(
        "2.1",
        b"FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Jos=E9 M=FC=\r\nller",
        b"item1.EMAIL;type=INTERNET:jose@example.com",
        b"item1.X-ABLabel:work",
        b"X-SOCIALPROFILE;type=linkedin:http\\://www.linkedin.com/in/jose",
    )).contacts
    assert (jose.name, jose.email, jose.url) == ("José Müller", "jose@example.com", "http://www.linkedin.com/in/jose")


def test_vcard_4_uri_phones_and_pref_numbers() -> None:
    card = (
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nTEL;VALUE=uri;TYPE=home:tel:+44-20-7946-0001\r\n"
        b"TEL;VALUE=uri;PREF=1;TYPE=cell:tel:+44-7700-900001\r\nEMAIL:ada@example.com\r\n"
        b"EMAIL;PREF=2:ada@work.example\r\nEMAIL;PREF=1:ada@home.example\r\nEND:VCARD\r\n"
    )
    (ada,) = read_contacts(card).contacts
    assert (ada.phone, ada.other_phones) == ("+44-7700-900001", ("+44-20-7946-0001",))
    assert (ada.email, ada.other_emails) == ("ada@home.example", ("ada@work.example", "ada@example.com"))


# CSVs in the layouts of other apps (constructed: see tests/fixtures/real/SOURCES.md)


def test_google_multi_values_are_split_not_pushed_into_notes() -> None:
    ann, manu, other_manu = load("google_contacts.csv").contacts
    assert (ann.email, ann.other_emails) == ("ann@acme.example", ("ann.lee@home.example", "ann@old.example"))
    assert (ann.phone, ann.other_phones) == ("+1 555 0100", ("+1 555 0101", "+1 555 0199"))
    assert (ann.url, ann.notes, ann.company, ann.role) == ("https://www.linkedin.com/in/annlee", "Met at PyCon", "Acme", "CTO")
    assert (manu.name, manu.phone, other_manu.phone) == ("Manu Rao", "+91 98765 43210", "+91 91234 56789")
    assert (ann.tags, manu.tags) == (("Friends",), ())  # Google's own "* myContacts" group is no tag


def test_outlook_layout_in_windows_1252_with_a_trailing_empty_field() -> None:
    (jose,) = load("outlook_contacts.csv").contacts
    assert (jose.name, jose.role, jose.company, jose.notes) == ("José Müller", "Einkäufer", "Firma GmbH", "Café talk")
    assert (jose.email, jose.other_emails) == ("jose@firma.example", ("jmuller@home.example",))
    assert jose.phone == "+49 170 1234567" and set(jose.other_phones) == {"+49 30 7654321", "+49 30 1234567"}


def test_a_trailing_empty_field_is_not_a_quoting_problem() -> None:
    (ann,) = read_contacts(b"name,email\r\nAnn,ann@example.com,\r\n").contacts
    assert ann.email == "ann@example.com"
    with pytest.raises(ImportProblem, match="has 3 fields"):
        read_contacts(b"name,email\r\nAnn,ann@example.com,extra\r\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])
def test_encodings_are_detected(encoding: str) -> None:
    (zoe,) = read_contacts("name;company\nZoë Ångström;Café Solo\n".encode(encoding)).contacts
    assert (zoe.name, zoe.company) == ("Zoë Ångström", "Café Solo")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_any_delimiter(delimiter: str) -> None:
    text = delimiter.join(["Name", "Email", "Company"]) + "\n" + delimiter.join(["Ann Lee", "ann@x.example", "Acme"])
    (ann,) = read_contacts(text.encode()).contacts
    assert (ann.name, ann.email, ann.company) == ("Ann Lee", "ann@x.example", "Acme")


def test_unescaped_commas_in_text_are_kept_not_cut() -> None:
    gmail = card(
        "3.0",
        b"FN:Mr. John Richter, James Doe Sr.",
        b"N:Doe;John;Richter, James;Mr.;Sr.",
        b"TITLE:Founder, CEO",
        b"ORG:Kim, Lee & Partners;Research",
        b"NOTE:met at PyCon, talked about ML",
        b"URL:https://example.com/a,b",
        b"CATEGORIES:pycon,ml",
    )
    (john,) = read_contacts(gmail).contacts
    assert john.name == "Mr. John Richter, James Doe Sr."
    assert (john.role, john.company) == ("Founder, CEO", "Kim, Lee & Partners")
    assert (john.notes, john.url, john.tags) == (
        "Department: Research\nmet at PyCon, talked about ML", "https://example.com/a,b", ("pycon", "ml"))
    escaped = gmail.replace(b"FN:Mr. John Richter, James", b"FN:Back\\\\, slash\\\\: and Richter\\, James")
    assert read_contacts(escaped).contacts[0].name == "Back\\, slash\\: and Richter, James Doe Sr."


def test_quoted_parameters_with_colons_and_semicolons_keep_the_value() -> None:
    (john,) = load("real/evolution.vcf").contacts
    assert (john.url, john.phone, john.other_phones) == ("http://www.ibm.com", "905-666-1234", ("905-555-1234",))
    assert john.company == "IBM"
    assert john.notes.startswith("Department: Accounting, Dungeon\n")


def test_a_five_megabyte_photo_is_skipped_in_bounded_time() -> None:
    photo = base64.b64encode(bytes(range(256)) * 14_000).decode()
    folded = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    data = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nPHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEND:VCARD\r\n".encode()
    assert len(data) > 4_500_000
    start = time.monotonic()
    (ann,) = read_contacts(data).contacts
    assert ann.name == "Ann"
    assert time.monotonic() - start < 5, "joining a folded photo must stay linear"


def test_a_vcard_2_1_agent_card_inside_a_card_is_not_a_contact_of_its_own() -> None:
    data = card("2.1", b"FN:Ann Boss", b"AGENT:", b"BEGIN:VCARD", b"VERSION:2.1", b"FN:Al Assistant", b"END:VCARD",
                b"EMAIL:ann@example.com") + card("2.1", b"FN:Bo")
    assert [(c.name, c.email) for c in read_contacts(data).contacts] == [("Ann Boss", "ann@example.com"), ("Bo", "")]
    assert read_contacts(data).skipped == ()


def test_vcard_2_1_plain_text_encodings_and_base64_notes() -> None:
    (zoe,) = read_contacts(card("2.1", "FN;ENCODING=8BIT;CHARSET=UTF-8:Zoë".encode(), b"NOTE;ENCODING=BASE64:aGVsbG8=")).contacts
    assert (zoe.name, zoe.notes) == ("Zoë", "hello")


def test_a_vcard_with_null_bytes_is_binary_and_an_unknown_charset_falls_back_to_utf8() -> None:
    with pytest.raises(ImportProblem, match="binary file"):
        read_contacts(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT\x00JIS:Ann\r\nEND:VCARD\r\n")
    (ann,) = read_contacts(card("2.1", "FN;CHARSET=NO-SUCH-CHARSET:Ånn".encode())).contacts
    assert ann.name == "Ånn"


@pytest.mark.parametrize(("name", "company", "department"), [
    ("outlook_2007_ezvcard.vcf", "TheCompany", "TheDepartment"),
    ("outlook_2003_ezvcard.vcf", "Company, The", "TheDepartment"),
    ("mac_address_book_2_1.vcf", "Rocket & Partner", ""),
    ("gmail.vcf", "IBM", ""),
])
def test_org_is_the_company_and_its_units_are_a_department_note(name, company, department) -> None:
    """vCard's ORG is the organisation's name, then its units: the company is the name alone."""
    (person,) = load(f"real/{name}").contacts
    assert person.company == company
    assert ("Department: " in person.notes) == bool(department)
    if department:
        assert person.notes.startswith(f"Department: {department}")
    (stripe,) = read_contacts(card("3.0", b"FN:Ann Lee", b"ORG:Stripe;Payments")).contacts
    assert (stripe.company, stripe.notes) == ("Stripe", "Department: Payments")
