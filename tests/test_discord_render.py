"""Turning replies into Discord messages: splitting, code blocks, buttons and their custom_ids."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from adapters.discord_render import (
    MAX_CONTENT,
    MAX_CUSTOM_ID,
    encode_custom_id,
    render,
    split_message,
)
from coaching.core.model import Action, Attachment, Item, Reply
from tests.conftest import decode_custom_id


def test_short_text_is_one_message():
    assert split_message("hello there") == ["hello there"]


def test_long_text_splits_between_words_under_the_limit():
    words = [f"word{i}" for i in range(1500)]
    chunks = split_message(" ".join(words))
    assert len(chunks) > 1
    assert all(len(chunk) <= MAX_CONTENT for chunk in chunks)
    assert " ".join(chunks).split() == words


def test_lines_are_kept_whole_when_they_fit():
    lines = [f"line {i}: " + "x" * 90 for i in range(60)]
    chunks = split_message("\n".join(lines))
    assert [line for chunk in chunks for line in chunk.split("\n")] == lines


def test_a_code_block_that_fits_moves_whole_to_the_next_message():
    prose = "a" * 1800
    code = "```python\n" + "\n".join(f"print({i})" for i in range(40)) + "\n```"
    chunks = split_message(f"{prose}\n{code}")
    assert chunks == [prose, code]


def test_a_code_block_too_long_for_one_message_is_closed_and_reopened():
    body = [f"value_{i} = {i} * 2" for i in range(400)]
    chunks = split_message("Here it is:\n```python\n" + "\n".join(body) + "\n```\nThat's all.")
    assert len(chunks) > 2
    for chunk in chunks:
        assert len(chunk) <= MAX_CONTENT
        assert chunk.count("```") % 2 == 0
    code_lines = [line for chunk in chunks for line in chunk.split("\n") if line.startswith("value_")]
    assert code_lines == body
    assert all(chunk.count("```python") == chunk.count("```") // 2 for chunk in chunks if "value_" in chunk)


def test_a_single_word_longer_than_the_limit_is_cut_as_a_last_resort():
    word = "y" * 4500
    chunks = split_message(word)
    assert "".join(chunks) == word
    assert all(len(chunk) <= MAX_CONTENT for chunk in chunks)


@given(st.lists(st.text(max_size=300) | st.sampled_from(["\n", " ", "```", "```py\n", "x" * 2100]), max_size=60).map("".join))
def test_any_text_splits_under_the_limit_without_losing_words(text):
    chunks = split_message(text)
    assert all(0 < len(chunk) <= MAX_CONTENT for chunk in chunks)
    if "```" not in text:
        assert "".join("".join(chunks).split()) == "".join(text.split())


def test_custom_ids_round_trip_and_respect_the_limit():
    for command in ("done id:ab12cd34", "snooze id:ab12cd34 1d", "draft Zoë Ñúñez", "done @everyone"):
        custom_id = encode_custom_id(command)
        assert custom_id is not None and len(custom_id) <= MAX_CUSTOM_ID
        assert decode_custom_id(custom_id) == command
    assert encode_custom_id("x" * 95) is None
    assert encode_custom_id("two\nlines") is None
    assert decode_custom_id("someone-else:done") is None


def test_a_titled_list_is_an_embed_with_numbered_items_and_a_row_of_buttons_each():
    items = tuple(
        Item(f"Person {n}: due today", (Action("Done", f"done id:{n:08x}", "primary"), Action("Draft", f"draft id:{n:08x}")))
        for n in range(3)
    )
    [message] = render(Reply(title="Follow-ups", body="3 due today.", items=items, tip="Be specific."))
    assert message.embed is not None and message.embed.title == "Follow-ups"
    assert "1. Person 0: due today" in message.embed.description
    assert message.embed.footer.text == "Tip: Be specific."
    assert [(b.label, b.row) for b in message.buttons[:2]] == [("1 · Done", 0), ("1 · Draft", 0)]
    assert {b.row for b in message.buttons} == {0, 1, 2}
    assert [decode_custom_id(b.custom_id) for b in message.buttons if b.row == 2] == ["done id:00000002", "draft id:00000002"]


def test_more_items_than_button_rows_say_so_in_text():
    items = tuple(Item(f"Person {n}", (Action("Done", f"done id:{n:08x}"),)) for n in range(8))
    messages = render(Reply(title="Follow-ups", body="8 due.", items=items))
    buttons = [b for m in messages for b in m.buttons]
    assert max(b.row for b in buttons) == 4
    assert "type the command for the rest" in " ".join(m.content for m in messages)


def test_a_button_too_long_to_encode_is_shown_as_text():
    long_command = "note Priya " + "a" * 120
    [message] = render(Reply(body="Saved.", actions=(Action("Add it again", long_command),)))
    assert message.buttons == ()
    assert long_command in message.content


def test_plain_answer_is_text_and_a_huge_one_is_split():
    [short] = render(Reply(body="Followed up with Priya.", tip="Keep it short."))
    assert short.embed is None and short.content == "Followed up with Priya.\nTip: Keep it short."
    huge = render(Reply(title="Everything", body="\n".join("z" * 100 for _ in range(70)),
                        actions=(Action("Done", "done id:1"),)))
    assert len(huge) == 4 and all(m.embed is None and len(m.content) <= MAX_CONTENT for m in huge)
    assert huge[0].content.startswith("**Everything**")
    assert [m.buttons != () for m in huge] == [False, False, False, True]


def test_attachments_ride_on_the_last_message_ten_at_a_time():
    files = tuple(Attachment(f"f{i}.json", b"{}", "application/json") for i in range(12))
    messages = render(Reply(body="Here you go.", attachments=files))
    assert [len(m.files) for m in messages] == [10, 2]
    assert messages[0].content == "Here you go."
