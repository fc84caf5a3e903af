"""Review of round 41's language marks: a tag's names are marked with their language only where feeds.toml's key
for them is a language's code (a key like "Finnish" or "fi-FI x" is no lang attribute a screen reader can use, and
axe's valid-lang fails on it); whatever the key, it is escaped."""

from __future__ import annotations

import json
import sqlite3

import lxml.html

from conftest import copy_archive
from conftest import reading_room_get as get


def test_a_tags_names_under_no_languages_code_keep_the_pages_language(demo_archive, tmp_path):
    db = copy_archive(demo_archive, tmp_path / "names.db")
    with sqlite3.connect(db) as conn:
        names = {"Finnish": ["HOPE-hanke"], 'sv" onclick="x': ["HOPE-projektet"], "en": ["HOPE project"]}
        conn.execute("update tags set names = ? where id = 'hope'", [json.dumps(names)])
    response = get(db, "/-/tag/hope")
    assert response.status_code == 200
    assert 'onclick="x' not in response.text
    doc = lxml.html.fromstring(response.text)
    said = {dd.text_content(): dd.get("lang") for dd in doc.xpath("//dl[@class='facts']/dd")}
    assert said["HOPE-hanke"] is None and said["HOPE-projektet"] is None
    assert said["HOPE project"] == "en"
