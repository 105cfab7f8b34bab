"""Tests for the built-in map of genres to adjacent audiences."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from habits.audience_map import (
    GENRE_ALIASES,
    GENRES,
    NEAR_NAMES,
    PART_IDEAS,
    AudienceIdea,
    audience_key,
    genre_key,
    idea,
    ideas_for_genres,
    neighbours,
)

REPO = Path(__file__).resolve().parents[2]
# The genres' ideas, and those a genre's parts add ("grief" in "grief memoir"): the same rules hold.
ALL_IDEAS = [item for ideas in (*GENRES.values(), *PART_IDEAS.values()) for item in ideas]
ALL_TEXTS = [
    text
    for item in ALL_IDEAS
    for text in (item.name, *item.where, *item.related)
] + list(GENRES) + list(GENRE_ALIASES) + list(GENRE_ALIASES.values()) + list(PART_IDEAS) + list(NEAR_NAMES)


def names(ideas: list[AudienceIdea] | tuple[AudienceIdea, ...]) -> list[str]:
    return [item.name for item in ideas]


# --- The shape of the map ----------------------------------------------------------------------

def test_at_least_eighteen_genres_each_with_six_ideas():
    assert len(GENRES) >= 18
    for genre, ideas in GENRES.items():
        assert len(ideas) >= 6, genre
        assert all(isinstance(item, AudienceIdea) for item in ideas), genre


def test_genre_keys_are_lower_case_and_tidy():
    for genre in GENRES:
        assert genre == genre.strip().lower()
        assert "  " not in genre


def test_a_genre_lists_an_audience_once():
    for genre, ideas in GENRES.items():
        keys = [audience_key(item.name) for item in ideas]
        assert len(keys) == len(set(keys)), genre


def test_ideas_are_beyond_the_genres_own_readers():
    for genre, ideas in GENRES.items():
        for item in ideas:
            assert f"{genre} readers" not in item.name, (genre, item.name)
            assert item.name != genre


def test_idea_names_are_lower_case_and_trimmed():
    for item in ALL_IDEAS:
        assert item.name
        assert item.name == item.name.lower()
        assert item.name == " ".join(item.name.split())


def test_every_idea_has_two_to_four_places_none_empty():
    for item in ALL_IDEAS:
        assert isinstance(item.where, tuple)
        assert 2 <= len(item.where) <= 4, item.name
        for place in item.where:
            assert place.strip() and place == place.strip(), item.name
        assert len(set(item.where)) == len(item.where), item.name


def test_every_idea_names_one_to_three_related_that_exist():
    for item in ALL_IDEAS:
        assert isinstance(item.related, tuple)
        assert 1 <= len(item.related) <= 3, item.name
        assert len(set(item.related)) == len(item.related), item.name
        for related in item.related:
            assert idea(related) is not None, (item.name, related)
            assert idea(related).name == related, (item.name, related)


def test_no_idea_is_related_to_itself():
    for item in ALL_IDEAS:
        assert audience_key(item.name) not in {audience_key(name) for name in item.related}, item.name


def test_shared_names_are_the_identical_object():
    first: dict[str, AudienceIdea] = {}
    for item in ALL_IDEAS:
        key = audience_key(item.name)
        first.setdefault(key, item)
        assert first[key] is item, item.name


def test_some_audiences_are_shared_across_genres():
    genres_of = {}
    for genre, ideas in GENRES.items():
        for item in ideas:
            genres_of.setdefault(item.name, set()).add(genre)
    assert len(genres_of["teachers and students"]) >= 2
    assert sum(1 for found in genres_of.values() if len(found) > 1) >= 10


def test_ideas_are_frozen():
    item = ALL_IDEAS[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.name = "someone else"  # type: ignore[misc]


# --- The brief's examples -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("genre", "needle"),
    [
        ("historical fiction", "history enthusiast"),
        ("historical fiction", "teachers and students"),
        ("historical fiction", "renaissance faire"),
        ("historical fiction", "civil war re-enactor"),
        ("horror", "halloween"),
        ("spy thriller", "gadget"),
        ("chick-lit", "sex and the city"),
        ("young adult", "parents of teen"),
    ],
)
def test_the_briefs_examples_are_under_their_genres(genre, needle):
    assert any(needle in item.name.lower() for item in GENRES[genre]), (genre, needle)


def test_the_briefs_genres_are_keys():
    for genre in ("historical fiction", "horror", "spy thriller", "chick-lit", "young adult"):
        assert genre in GENRES


# --- Text rules -----------------------------------------------------------------------------------

def test_no_text_mentions_followers():
    for text in ALL_TEXTS:
        assert "follower" not in text.lower(), text


def test_texts_are_plain_ascii():
    for text in ALL_TEXTS:
        assert text.isascii(), text
        assert all(ch.isprintable() for ch in text), text


def test_the_source_file_is_ascii():
    source = (REPO / "habits" / "audience_map.py").read_text(encoding="utf-8")
    assert source.isascii()


# --- genre_key ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Fantasy ", "fantasy"),
        ("  fantasy", "fantasy"),
        ("YA", "young adult"),
        ("ya", "young adult"),
        ("Young   Adult", "young adult"),
        ("sci-fi", "science fiction"),
        ("Sci-Fi", "science fiction"),
        ("SF", "science fiction"),
        ("scifi", "science fiction"),
        ("Cozy Mysteries", "cozy mystery"),
        ("cozy mystery", "cozy mystery"),
        ("Mysteries", "mystery"),
        ("Thrillers", "thriller"),
        ("spy thrillers", "spy thriller"),
        ("Spy", "spy thriller"),
        ("espionage", "spy thriller"),
        ("hist fic", "historical fiction"),
        ("Historical", "historical fiction"),
        ("chick lit", "chick-lit"),
        ("Women's Fiction", "chick-lit"),
        ("women\u2019s fiction", "chick-lit"),
        ("picture books", "children's picture books"),
        ("Picture Book", "children's picture books"),
        ("MG", "middle grade"),
        ("self-help", "nonfiction self-help"),
        ("Westerns", "western"),
        ("Horror", "horror"),
    ],
)
def test_genre_key_understands_variants(text, key):
    assert genre_key(text) == key


@pytest.mark.parametrize("text", ["cookbooks", "cookbook", "", "   ", "s", "fantasys and more"])
def test_genre_key_returns_none_for_unknown(text):
    assert genre_key(text) is None


def test_every_key_and_alias_maps_to_a_key():
    for genre in GENRES:
        assert genre_key(genre) == genre
        assert genre_key(genre.upper()) == genre
    for alias, genre in GENRE_ALIASES.items():
        assert genre in GENRES, alias
        assert alias == " ".join(alias.lower().split()), alias
        assert genre_key(alias) == genre, alias


# --- ideas_for_genres ------------------------------------------------------------------------------

def test_ideas_for_one_genre_are_its_ideas_in_order():
    assert ideas_for_genres(["horror"]) == list(GENRES["horror"])


def test_ideas_for_genres_interleaves_two_genres():
    western, poetry = GENRES["western"], GENRES["poetry"]
    got = ideas_for_genres(["Westerns", "poetry"])
    assert names(got[:4]) == [western[0].name, poetry[0].name, western[1].name, poetry[1].name]


def test_ideas_for_genres_removes_duplicates_and_keeps_everything_once():
    got = ideas_for_genres(["historical fiction", "young adult"])
    got_names = names(got)
    assert len(got_names) == len(set(got_names))
    expected = {item.name for item in GENRES["historical fiction"]} | {item.name for item in GENRES["young adult"]}
    assert set(got_names) == expected
    # "teachers and students" is in both; it appears once, at its first turn.
    assert got_names.count("teachers and students") == 1


def test_ideas_for_genres_ignores_unknown_and_repeated_genres():
    assert ideas_for_genres(["cookbooks", "horror", "Horror", "nonsense"]) == list(GENRES["horror"])
    assert ideas_for_genres([]) == []
    assert ideas_for_genres(["cookbooks"]) == []


def test_ideas_for_genres_is_stable():
    genres = ["fantasy", "sci-fi", "YA"]
    assert ideas_for_genres(genres) == ideas_for_genres(list(genres))


# --- idea and neighbours ------------------------------------------------------------------------------

def test_idea_looks_up_any_case_and_spacing():
    found = idea("  History   Teachers ")
    assert found is not None and found.name == "history teachers"
    assert idea("people who live for HALLOWEEN") is idea("people who live for halloween")
    assert idea("nobody at all") is None
    assert idea("") is None


def test_audience_key_casefolds_and_collapses():
    assert audience_key("  Civil  War\tRe-enactors\n") == "civil war re-enactors"


def test_neighbours_start_with_related_and_never_include_itself():
    for item in ALL_IDEAS:
        near = neighbours(item.name)
        near_names = names(near)
        assert item.name not in near_names
        assert len(near_names) == len(set(near_names))
        assert near_names[: len(item.related)] == list(item.related)


def test_neighbours_include_genre_mates():
    near = names(neighbours("Renaissance Faire Goers"))
    for genre in ("historical fiction", "fantasy"):
        for item in GENRES[genre]:
            if item.name != "renaissance faire goers":
                assert item.name in near


def test_neighbours_of_unknown_is_empty():
    assert neighbours("cookbook collectors") == []
    assert neighbours("") == []


# --- Purity -----------------------------------------------------------------------------------------

def test_importing_the_map_loads_no_textual_or_rich():
    code = (
        "import sys\n"
        "import habits.audience_map\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
