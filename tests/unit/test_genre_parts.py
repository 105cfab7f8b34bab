"""Genres by their parts, audiences by near names, the note about unknown genres and the brainstorm
box's example (issue 14)."""

from __future__ import annotations

import pytest

from habits.audience_map import (
    DEFAULT_EXAMPLE,
    GENRE_ALIASES,
    GENRES,
    NEAR_NAMES,
    PART_GENRES,
    PART_IDEAS,
    AudienceIdea,
    audience_key,
    close_genre,
    example_audience,
    example_placeholders,
    genre_key,
    genre_note,
    genre_parts,
    idea,
    ideas_for_genres,
    neighbours,
    unknown_genres,
)
from habits.model import STEPS


def names(ideas: list[AudienceIdea] | tuple[AudienceIdea, ...]) -> list[str]:
    return [item.name for item in ideas]


# --- genre_parts: whole first, then by its parts ------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "genres", "specific"),
    [
        ("YA fantasy", ("young adult", "fantasy"), ()),
        ("ya fantasy novels", ("young adult", "fantasy"), ()),
        ("nature poetry", ("poetry",), ("nature walkers and birders", "national park hikers", "gardeners")),
        ("Grief Memoir", ("memoir",), ("grief support groups", "hospice volunteers", "therapists and counsellors")),
        ("cozy fantasy romance", ("fantasy", "romance"),
         ("tea lovers", "home bakers", "knitters and crafters", "cottagecore and herbalism fans")),
        ("dark academia thriller", ("thriller",),
         ("goth and dark-aesthetic communities", "philosophy cafe regulars", "mythology buffs",
          "classical music and opera lovers")),
        ("historical fantasy", ("historical fiction", "fantasy"), ()),
        ("romantic suspense", ("romance", "thriller"), ()),
        ("romantasy", ("fantasy", "romance"), ()),
        ("Regency romance", ("romance",),
         ("fans of period dramas", "ballroom and swing dancers", "historical costumers")),
        ("gothic horror", ("horror",),
         ("goth and dark-aesthetic communities", "ghost tour and haunted house fans", "fans of period dramas")),
        ("sci-fi / fantasy", ("science fiction", "fantasy"), ()),
        ("true crime memoir", ("true crime", "memoir"), ()),  # the pair before its words
        ("civil war fiction", (), ("civil war re-enactors", "history enthusiasts")),
        ("young adult science fiction", ("young adult", "science fiction"), ()),
        ("middle grade fantasy adventure", ("middle grade", "fantasy"),
         ("adventure and adrenaline sports fans", "national park hikers")),
    ],
)
def test_a_compound_genre_is_read_by_its_parts(text, genres, specific):
    parts = genre_parts(text)
    assert parts.genres == genres
    assert names(parts.specific) == list(specific)
    assert parts.known


@pytest.mark.parametrize(
    ("text", "key"),
    [("cozy", "cozy mystery"), ("Cozy Mysteries", "cozy mystery"), ("legal thriller", "thriller"),
     ("YA", "young adult"), ("sword and sorcery", "fantasy"), ("children's picture books", "children's picture books")],
)
def test_a_genre_known_whole_is_not_read_by_its_parts(text, key):
    assert genre_parts(text).genres == (key,)
    assert genre_parts(text).specific == ()


@pytest.mark.parametrize(
    "text",
    ["cli-fi", "cookbooks", "", "   ", "adult", "fiction", "a novel", "the books of stories", "fantsy",
     "and", "poet", "art", "loss", "nature-ish"],
)
def test_no_genre_is_read_where_no_part_names_one(text):
    parts = genre_parts(text)
    assert parts.genres == () and parts.specific == ()
    assert not parts.known


def test_genre_key_still_reads_the_whole_text_only():
    assert genre_key("YA fantasy") is None
    assert genre_key("nature poetry") is None


def test_every_part_names_known_things():
    for word, ideas in PART_IDEAS.items():
        assert word == " ".join(word.lower().split()), word
        assert word not in GENRES and word not in GENRE_ALIASES or word in ("cozy", "cosy"), word
        assert 1 <= len(ideas) <= 4, word
        for item in ideas:
            assert idea(item.name) is item, (word, item.name)
    for word, keys in PART_GENRES.items():
        assert all(key in GENRES for key in keys), word


# --- ideas_for_genres: the parts' specific ideas first ---------------------------------------------------

def test_what_the_parts_add_comes_first_then_the_genres_ideas():
    got = names(ideas_for_genres(["nature poetry"]))
    assert got[:3] == ["nature walkers and birders", "national park hikers", "gardeners"]
    poetry = [item.name for item in GENRES["poetry"] if item.name not in got[:3]]
    assert got[3:] == poetry  # the birders poetry lists too are there once, at the front


def test_grief_memoir_starts_with_grief_support():
    got = names(ideas_for_genres(["grief memoir"]))
    assert got[:2] == ["grief support groups", "hospice volunteers"]
    assert set(names(GENRES["memoir"])) <= set(got)


def test_ya_fantasy_takes_turns_like_two_genres():
    assert ideas_for_genres(["YA fantasy"]) == ideas_for_genres(["young adult", "fantasy"])


def test_compound_genres_are_deterministic_and_once_each():
    genres = ["cozy fantasy romance", "dark academia thriller", "nature poetry", "Nature Poetry"]
    first = ideas_for_genres(genres)
    assert first == ideas_for_genres(list(genres))
    keys = [audience_key(item.name) for item in first]
    assert len(keys) == len(set(keys))
    # Each text's specific ideas before any genre's own ideas, in the genres' order.
    assert names(first[:2]) == ["tea lovers", "goth and dark-aesthetic communities"]


def test_whole_genres_keep_their_order_as_before():
    assert ideas_for_genres(["horror"]) == list(GENRES["horror"])
    assert ideas_for_genres(["cli-fi", "cookbooks"]) == []


# --- idea and neighbours by near names ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("birders", "nature walkers and birders"),
        ("Bird Watchers", "nature walkers and birders"),
        ("D&D players", "tabletop rpg players"),
        ("dnd players", "tabletop rpg players"),
        ("TTRPG players", "tabletop rpg players"),
        ("rpg players", "tabletop rpg players"),  # words all in one name
        ("knitters", "knitters and crafters"),
        ("crafters", "knitters and crafters"),
        ("cat lovers", "cat and dog lovers"),
        ("dog lovers", "cat and dog lovers"),
        ("goths", "goth and dark-aesthetic communities"),
        ("Civil War reenactors", "civil war re-enactors"),
        ("romcom fans", "romcom movie fans"),
        ("hikers", "national park hikers"),
        ("ren faire", "renaissance faire goers"),
        ("history buffs", "history enthusiasts"),
        ("  Tea   Lovers ", "tea lovers"),
        ("hospice volunteers", "hospice volunteers"),
    ],
)
def test_an_audience_is_found_by_a_near_name(name, found):
    item = idea(name)
    assert item is not None and item.name == found


@pytest.mark.parametrize(
    "name",
    [
        # in many names, or too general
        "", "   ", "fans", "lovers", "players", "people", "readers", "enthusiasts", "re-enactors",
        "teachers", "librarians", "parents",  # in more than one name
        "birders in oregon", "local birders", "poetry fans", "book lovers", "horror readers",  # a word in no name
        "dog walkers", "cookbook collectors", "d&d dungeon masters", "history", "war",
    ],
)
def test_a_name_that_fits_no_audience_or_many_finds_none(name):
    assert idea(name) is None
    assert neighbours(name) == []


def test_every_near_name_points_to_an_audience_and_is_not_one():
    for near, name in NEAR_NAMES.items():
        assert near == audience_key(near), near
        assert idea(name) is not None and idea(name).name == name, near
        assert audience_key(near) != audience_key(name), near


def test_the_neighbours_of_a_near_name_are_its_audiences():
    assert neighbours("birders") == neighbours("nature walkers and birders")
    assert names(neighbours("D&D players"))[:3] == list(idea("tabletop rpg players").related)
    assert "tabletop rpg players" not in names(neighbours("D&D players"))


def test_the_grief_ideas_have_neighbours_both_ways():
    assert names(neighbours("grief support groups"))[:3] == [
        "hospice volunteers", "therapists and counsellors", "memoir and life-writing circles"]
    assert "grief support groups" in names(neighbours("hospice volunteers"))


# --- genre_note ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "genres",
    [[], ["horror"], ["YA fantasy", "nature poetry"], ["grief memoir", "cozy"], ["  ", ""], ["romantasy"]],
)
def test_no_note_when_every_genre_is_known_or_none_is_set(genres):
    assert genre_note(genres) is None
    assert unknown_genres(genres) == []


def test_the_note_names_the_unknown_genre_and_how_to_teach_coach():
    assert genre_note(["cli-fi"]) == (
        "coach has no map for \u201ccli-fi\u201d yet; add a genre it knows that is close: "
        'coach config genres "cli-fi, science fiction"'
    )


def test_the_note_is_said_once_for_all_unknown_genres_and_keeps_the_known_ones():
    note = genre_note(["nature poetry", "cli-fi", "cookbooks", "Cookbooks"])
    assert note is not None and "\n" not in note
    assert note.count("coach has no map") == 1
    assert note.startswith("coach has no map for \u201ccli-fi\u201d or \u201ccookbooks\u201d yet;")
    assert note.endswith('coach config genres "nature poetry, cli-fi, cookbooks, Cookbooks, science fiction"')
    assert "nature poetry\u201d" not in note  # known by its parts: not named


def test_three_unknown_genres_read_as_a_list():
    note = genre_note(["cli-fi", "cookbooks", "zines about trains"])
    assert note.startswith(
        "coach has no map for \u201ccli-fi\u201d, \u201ccookbooks\u201d or \u201czines about trains\u201d yet")


@pytest.mark.parametrize(
    ("genres", "added"),
    [
        (["fantsy"], "fantasy"),  # a typo: the genre it is spelled nearly like
        (["horor"], "horror"),
        (["cookbooks"], "literary fiction"),  # nothing close: the widest genre of the map
        (["literary", "cookbooks"], "historical fiction"),  # that one set already: the first one not set
    ],
)
def test_the_note_offers_a_known_genre_close_to_the_unknown(genres, added):
    note = genre_note(genres)
    assert note is not None
    assert note.endswith(f'coach config genres "{", ".join(genres)}, {added}"')


def test_close_genre_is_precise():
    assert close_genre("cli-fi") == "science fiction"
    assert close_genre("Fantsy") == "fantasy"
    assert close_genre("cookbooks") is None
    assert close_genre("knitting") is None


# --- example_audience and the brainstorm box -------------------------------------------------------------

@pytest.mark.parametrize(
    ("genres", "example"),
    [
        (["poetry"], "spoken word and open-mic crowds"),
        (["nature poetry"], "nature walkers and birders"),
        (["grief memoir"], "grief support groups"),
        (["YA fantasy"], "parents of teenagers"),
        (["horror", "poetry"], "people who live for halloween"),
        (["historical fiction"], "history enthusiasts"),
        ([], DEFAULT_EXAMPLE),
        (["cli-fi"], DEFAULT_EXAMPLE),
        (["", "cookbooks"], DEFAULT_EXAMPLE),
    ],
)
def test_the_example_fits_the_writers_genres(genres, example):
    assert example_audience(genres) == example


def test_the_brainstorm_placeholder_shows_the_example():
    brainstorm = next(kind for kind in STEPS if kind.key == "brainstorm")
    assert brainstorm.placeholder == f"an audience, e.g. {DEFAULT_EXAMPLE}"
    assert example_placeholders(brainstorm.placeholder, ["poetry"]) == (
        "an audience, e.g. spoken word and open-mic crowds", "an audience")
    # Nothing fits: the placeholder as it was, alone (no shorter one to fall back on).
    assert example_placeholders(brainstorm.placeholder, []) == (brainstorm.placeholder,)
    assert example_placeholders(brainstorm.placeholder, ["cli-fi"]) == (brainstorm.placeholder,)
    assert example_placeholders("a person", ["poetry"]) == ("a person",)
